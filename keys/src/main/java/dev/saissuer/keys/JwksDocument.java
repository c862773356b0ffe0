package dev.saissuer.keys;

import com.fasterxml.jackson.core.JsonGenerator;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The JWK Set (RFC 7517, section 5) exactly as kube-apiserver renders it with go-jose: members in the order
 * {@code use, kty, kid, crv, alg, x, y} or {@code use, kty, kid, alg, n, e}; EC coordinates left-padded to the
 * curve size (RFC 7518, section 6.2.1.2); RSA modulus and exponent minimal (RFC 7518, section 6.3.1); only
 * public members, ever.
 */
public final class JwksDocument {
    private JwksDocument() {}

    /** Keys in the given order, a kid appearing once (its first occurrence). */
    public static byte[] render(Collection<LoadedKey> keys) {
        Map<String, LoadedKey> byKid = new LinkedHashMap<>();
        for (LoadedKey key : keys) {
            byKid.putIfAbsent(key.kid(), key);
        }
        return GoCompatibleJson.render(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("keys");
            for (LoadedKey key : byKid.values()) {
                writeKey(json, key);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /**
     * The keys of a published JWK Set, for taking over a JWKS that is already published (by an earlier
     * publisher that kept no timeline). Each key is checked as a key file's would be; its kid is kept as
     * published even where it is not the one sa-issuer would derive, since tokens carry that kid.
     */
    public static List<LoadedKey> parse(byte[] json, String origin) {
        JWKSet set;
        try {
            set = JWKSet.parse(new String(json, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new BadInputException(origin + ": not a JWK Set: " + PublicKeys.oneLine(e), e);
        }
        List<LoadedKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            String where = origin + ": key " + jwk.getKeyID();
            PublicKey publicKey;
            try {
                if (jwk instanceof RSAKey rsa) {
                    publicKey = rsa.toRSAPublicKey();
                } else if (jwk instanceof ECKey ec) {
                    publicKey = ec.toECPublicKey();
                } else {
                    throw new BadInputException(where + ": unsupported key type " + jwk.getKeyType());
                }
            } catch (JOSEException e) {
                throw new BadInputException(where + ": unusable key: " + PublicKeys.oneLine(e), e);
            }
            LoadedKey checked = PublicKeys.check(SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()), where);
            String kid = jwk.getKeyID() == null ? checked.kid() : jwk.getKeyID();
            keys.add(new LoadedKey(kid, checked.algorithm(), checked.publicKey(), where));
        }
        return keys;
    }

    private static void writeKey(JsonGenerator json, LoadedKey key) throws IOException {
        json.writeStartObject();
        json.writeStringField("use", "sig");
        if (key.publicKey() instanceof RSAPublicKey rsa) {
            RSAKey jwk = new RSAKey.Builder(rsa).build();
            json.writeStringField("kty", "RSA");
            json.writeStringField("kid", key.kid());
            json.writeStringField("alg", key.algorithm());
            json.writeStringField("n", jwk.getModulus().toString());
            json.writeStringField("e", jwk.getPublicExponent().toString());
        } else if (key.publicKey() instanceof ECPublicKey ec) {
            ECKey jwk = new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
            json.writeStringField("kty", "EC");
            json.writeStringField("kid", key.kid());
            json.writeStringField("crv", jwk.getCurve().getName());
            json.writeStringField("alg", key.algorithm());
            json.writeStringField("x", jwk.getX().toString());
            json.writeStringField("y", jwk.getY().toString());
        } else {
            throw new IllegalArgumentException("not an RSA or EC public key: " + key.origin());
        }
        json.writeEndObject();
    }
}
