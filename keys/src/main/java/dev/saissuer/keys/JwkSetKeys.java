package dev.saissuer.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Public keys read from a JWK Set (RFC 7517, section 5) that another issuer serves, such as kube-apiserver's
 * {@code /openid/v1/jwks}. Each key keeps the kid it was given (an external signer's kid need not be the SPKI
 * hash) and passes the checks a key file passes (RSA of 2048 bits or more, EC P-256/P-384/P-521, a point on
 * the curve), so the renderer writes it in kube-apiserver's exact byte form. A key carrying private members is
 * refused, as is the whole set with it: a JWKS that leaks a private key is not one to republish.
 */
public final class JwkSetKeys {
    /** Private members of RSA (RFC 7518, section 6.3.2), EC (6.2.2) and symmetric keys (6.4.1). */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private static final Set<String> KEY_TYPES = Set.of("RSA", "EC");
    private static final Set<Object> CURVES = Set.of("P-256", "P-384", "P-521");

    private JwkSetKeys() {}

    /** The keys of {@code jwks}, in order; {@code origin} (the URL) names the document in every message. */
    public static List<LoadedKey> parse(byte[] jwks, String origin) {
        Map<String, Object> set;
        List<Object> keys;
        try {
            set = JSONObjectUtils.parse(new String(jwks, StandardCharsets.UTF_8));
            keys = JSONObjectUtils.getJSONArray(set, "keys");
        } catch (ParseException e) {
            throw new BadInputException(origin + ": not a JWK Set: " + PublicKeys.oneLine(e), e);
        }
        if (keys == null) {
            throw new BadInputException(origin + ": not a JWK Set: no \"keys\" array");
        }
        List<LoadedKey> loaded = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String keyOrigin = origin + ": key " + (i + 1);
            if (!(keys.get(i) instanceof Map<?, ?> member)) {
                throw new BadInputException(keyOrigin + ": not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> json = (Map<String, Object>) member;
            loaded.add(key(json, keyOrigin));
        }
        return loaded;
    }

    private static LoadedKey key(Map<String, Object> json, String origin) {
        // Checked on the raw members, before any parser builds a private key object from them.
        for (String name : PRIVATE_MEMBERS) {
            if (json.containsKey(name)) {
                throw new BadInputException(origin + ": carries the private member \"" + name
                        + "\"; a JWKS must hold public keys only (RFC 7517, section 5)");
            }
        }
        Object kty = json.get("kty");
        if (!(kty instanceof String type) || !KEY_TYPES.contains(type)) {
            throw new BadInputException(
                    origin + ": unsupported key type " + describe(kty) + " (supported: RSA, EC P-256/P-384/P-521)");
        }
        Object crv = json.get("crv");
        if (type.equals("EC") && !CURVES.contains(crv)) {
            throw new BadInputException(
                    origin + ": unsupported curve " + describe(crv) + " (supported: P-256, P-384, P-521)");
        }
        Object kid = json.get("kid");
        if (!(kid instanceof String id) || id.isEmpty()) {
            throw new BadInputException(origin + ": has no kid (tokens select their key by kid)");
        }
        Object use = json.get("use");
        if (use != null && !"sig".equals(use)) {
            throw new BadInputException(origin + " (kid " + id + "): use is " + describe(use) + ", not \"sig\"");
        }
        PublicKey publicKey;
        try {
            JWK jwk = JWK.parse(json);
            publicKey = jwk instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) jwk).toPublicKey();
        } catch (ParseException | JOSEException | RuntimeException e) {
            throw new BadInputException(origin + " (kid " + id + "): invalid key: " + PublicKeys.oneLine(e), e);
        }
        LoadedKey checked = PublicKeys.check(
                SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()), origin + " (kid " + id + ")");
        // kube-apiserver publishes the one algorithm it signs with for the key type (RS256, or ES256/384/512 by
        // curve). Another alg means a signer sa-issuer cannot describe faithfully: refused rather than rewritten.
        Object alg = json.get("alg");
        if (alg != null && !checked.algorithm().equals(alg)) {
            throw new BadInputException(origin + " (kid " + id + "): alg " + describe(alg) + " where kube-apiserver"
                    + " publishes " + checked.algorithm() + " for this key");
        }
        return new LoadedKey(id, checked.algorithm(), checked.publicKey(), origin);
    }

    private static String describe(Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = String.valueOf(value).replaceAll("[^\\x20-\\x7e]", "?");
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }
}
