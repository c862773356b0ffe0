package dev.saissuer.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Mints tokens shaped like the service-account tokens kube-apiserver issues (TokenRequest API): header
 * {@code alg} and {@code kid} only; claims {@code aud} (always an array), {@code exp}, {@code iat}, {@code iss},
 * {@code jti}, {@code kubernetes.io}, {@code nbf}, {@code sub}, in Go's sorted map order. For demos and tests:
 * in a cluster, kube-apiserver is the only issuer of real tokens.
 */
public final class ServiceAccountToken {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** What to mint: the token's subject, audiences, lifetime and optional pod binding. */
    public record Request(
            IssuerUrl issuer,
            String namespace,
            String serviceAccount,
            List<String> audiences,
            Duration ttl,
            String pod,
            Instant now) {
        public Request {
            if (namespace == null || namespace.isBlank() || serviceAccount == null || serviceAccount.isBlank()) {
                throw new BadInputException("a token needs a namespace and a service account name");
            }
            if (audiences == null || audiences.isEmpty()) {
                throw new BadInputException("a token needs at least one audience");
            }
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new BadInputException("token lifetime must be positive");
            }
            audiences = List.copyOf(audiences);
        }

        public String subject() {
            return "system:serviceaccount:" + namespace + ":" + serviceAccount;
        }
    }

    private ServiceAccountToken() {}

    public static String mint(SigningKey key, Request request) {
        long now = request.now().getEpochSecond();
        Map<String, Object> kubernetes = new TreeMap<>();
        kubernetes.put("namespace", request.namespace());
        kubernetes.put("serviceaccount", ref(request.serviceAccount(), "serviceaccount/" + request.namespace()));
        if (request.pod() != null && !request.pod().isBlank()) {
            kubernetes.put("pod", ref(request.pod(), "pod/" + request.namespace()));
        }
        Map<String, Object> claims = new TreeMap<>();
        claims.put("aud", request.audiences());
        claims.put("exp", now + request.ttl().getSeconds());
        claims.put("iat", now);
        claims.put("iss", request.issuer().value());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("kubernetes.io", kubernetes);
        claims.put("nbf", now);
        claims.put("sub", request.subject());

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key.publicHalf().algorithm());
        header.put("kid", key.publicHalf().kid());
        try {
            JWSObject jws = new JWSObject(
                    JWSHeader.parse(Base64URL.encode(JSON.writeValueAsBytes(header))),
                    new Payload(new String(JSON.writeValueAsBytes(claims), StandardCharsets.UTF_8)));
            jws.sign(signer(key));
            return jws.serialize();
        } catch (JOSEException | java.text.ParseException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot sign with " + key.publicHalf().origin() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> ref(String name, String scope) {
        Map<String, String> ref = new TreeMap<>();
        ref.put("name", name);
        // A stable uid per object, so tokens for the same account look alike across runs.
        ref.put(
                "uid",
                UUID.nameUUIDFromBytes((scope + "/" + name).getBytes(StandardCharsets.UTF_8))
                        .toString());
        return ref;
    }

    private static JWSSigner signer(SigningKey key) throws JOSEException {
        if (key.privateKey() instanceof ECPrivateKey ec) {
            return new ECDSASigner(ec);
        }
        return new RSASSASigner(key.privateKey());
    }
}
