package dev.saissuer.conformance;

import com.nimbusds.jose.jwk.Curve;
import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Each key's parameters as RFC 7518 defines them for RSA and EC public keys, and the algorithm it names. */
final class KeyParameterChecks {
    static final Check RSA_PARAMETERS = new Check(
            "rfc7518-6.3.1-rsa-parameters",
            "RFC 7518 §6.3.1, §3.3",
            "RSA keys have n and e as unpadded base64url with no leading zero octet, and a modulus of at least 2048 bits");
    static final Check EC_PARAMETERS = new Check(
            "rfc7518-6.2.1-ec-parameters",
            "RFC 7518 §6.2.1",
            "EC keys name P-256, P-384 or P-521 and give x and y as unpadded base64url of exactly the coordinate size "
                    + "(32, 48 or 66 octets), on the curve");
    static final Check ALG_MATCHES_KEY = new Check(
            "rfc7518-3-alg-matches-key",
            "RFC 7518 §3.3, §3.4",
            "a key's alg fits its type: RS256/RS384/RS512/PS* for RSA, ES256 for P-256, ES384 for P-384, ES512 for P-521");
    static final List<Check> ALL = List.of(RSA_PARAMETERS, EC_PARAMETERS, ALG_MATCHES_KEY);

    static final int MIN_RSA_BITS = 2048;
    private static final Map<String, Integer> COORDINATE_OCTETS = Map.of("P-256", 32, "P-384", 48, "P-521", 66);
    private static final Map<String, String> EC_ALG = Map.of("P-256", "ES256", "P-384", "ES384", "P-521", "ES512");
    private static final Set<String> RSA_ALGS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");

    private KeyParameterChecks() {}

    static List<CheckResult> run(Observed observed) {
        if (observed.jwksJson() == null) {
            return ALL.stream()
                    .map(check -> CheckResult.skip(check, "JWK Set unavailable"))
                    .toList();
        }
        List<CheckResult.Mismatch> rsa = new ArrayList<>();
        List<CheckResult.Mismatch> ec = new ArrayList<>();
        List<CheckResult.Mismatch> alg = new ArrayList<>();
        int rsaKeys = 0;
        int ecKeys = 0;
        List<Map<String, Object>> keys = observed.keys();
        for (int i = 0; i < keys.size(); i++) {
            Map<String, Object> key = keys.get(i);
            String where = "keys[" + i + "]";
            Object kty = key.get("kty");
            Object algorithm = key.get("alg");
            if ("RSA".equals(kty)) {
                rsaKeys++;
                rsaParameters(where, key, rsa);
                if (algorithm != null && !RSA_ALGS.contains(algorithm)) {
                    alg.add(new CheckResult.Mismatch(
                            where + ".alg", "an RSA algorithm such as RS256", Json.show(algorithm)));
                }
            } else if ("EC".equals(kty)) {
                ecKeys++;
                ecParameters(where, key, ec);
                String expected = EC_ALG.get(String.valueOf(key.get("crv")));
                if (algorithm != null && expected != null && !expected.equals(algorithm)) {
                    alg.add(new CheckResult.Mismatch(
                            where + ".alg", expected + " for " + key.get("crv"), Json.show(algorithm)));
                }
            } else {
                alg.add(new CheckResult.Mismatch(
                        where + ".kty", "RSA or EC (what kube-apiserver signs with)", Json.show(kty)));
            }
        }
        List<CheckResult> results = new ArrayList<>();
        results.add(
                rsaKeys == 0
                        ? CheckResult.skip(RSA_PARAMETERS, "no RSA keys")
                        : CheckResult.of(RSA_PARAMETERS, rsa, Json.count(rsaKeys, "RSA key")));
        results.add(
                ecKeys == 0
                        ? CheckResult.skip(EC_PARAMETERS, "no EC keys")
                        : CheckResult.of(EC_PARAMETERS, ec, Json.count(ecKeys, "EC key")));
        results.add(CheckResult.of(ALG_MATCHES_KEY, alg, "consistent"));
        return results;
    }

    private static void rsaParameters(String where, Map<String, Object> key, List<CheckResult.Mismatch> problems) {
        byte[] n = base64url(where + ".n", key.get("n"), problems);
        byte[] e = base64url(where + ".e", key.get("e"), problems);
        if (n != null && n.length > 0 && n[0] == 0) {
            problems.add(
                    new CheckResult.Mismatch(where + ".n", "no leading zero octet (§6.3.1.1)", "a leading zero octet"));
        }
        if (e != null && e.length > 0 && e[0] == 0) {
            problems.add(
                    new CheckResult.Mismatch(where + ".e", "no leading zero octet (§6.3.1.2)", "a leading zero octet"));
        }
        if (n != null && new BigInteger(1, n).bitLength() < MIN_RSA_BITS) {
            problems.add(new CheckResult.Mismatch(
                    where + ".n",
                    "a modulus of at least " + MIN_RSA_BITS + " bits (§3.3)",
                    new BigInteger(1, n).bitLength() + " bits"));
        }
    }

    private static void ecParameters(String where, Map<String, Object> key, List<CheckResult.Mismatch> problems) {
        Object crv = key.get("crv");
        Integer size = COORDINATE_OCTETS.get(String.valueOf(crv));
        if (!(crv instanceof String) || size == null) {
            problems.add(new CheckResult.Mismatch(where + ".crv", "P-256, P-384 or P-521", Json.show(crv)));
            return;
        }
        byte[] x = base64url(where + ".x", key.get("x"), problems);
        byte[] y = base64url(where + ".y", key.get("y"), problems);
        for (var coordinate :
                List.of(Map.entry("x", x == null ? new byte[0] : x), Map.entry("y", y == null ? new byte[0] : y))) {
            if (coordinate.getValue().length != size) {
                problems.add(new CheckResult.Mismatch(
                        where + "." + coordinate.getKey(),
                        size + " octets for " + crv + " (§6.2.1.2)",
                        coordinate.getValue().length + " octets"));
            }
        }
        if (x != null
                && y != null
                && !onCurve(
                        Curve.parse((String) crv).toECParameterSpec(), new BigInteger(1, x), new BigInteger(1, y))) {
            problems.add(new CheckResult.Mismatch(where, "a point on " + crv, "x, y not on the curve"));
        }
    }

    /** y^2 = x^3 + ax + b (mod p): a key off the curve is unusable and invites invalid-curve attacks. */
    static boolean onCurve(ECParameterSpec spec, BigInteger x, BigInteger y) {
        EllipticCurve curve = spec.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.modPow(BigInteger.TWO, p);
        BigInteger right =
                x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }

    /** Decodes unpadded base64url (RFC 7515 §2), recording a mismatch and returning null when it is not that. */
    static byte[] base64url(String where, Object value, List<CheckResult.Mismatch> problems) {
        if (!(value instanceof String text) || text.isEmpty()) {
            problems.add(new CheckResult.Mismatch(where, "a base64url string", Json.show(value)));
            return null;
        }
        if (!text.matches("[A-Za-z0-9_-]+")) {
            problems.add(new CheckResult.Mismatch(where, "unpadded base64url (RFC 7515 §2)", Json.show(text)));
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            problems.add(new CheckResult.Mismatch(where, "valid base64url", Json.show(text)));
            return null;
        }
    }
}
