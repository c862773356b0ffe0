package dev.saissuer.conformance.interop;

import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeyGeneration;
import dev.saissuer.keys.ServiceAccountToken;
import dev.saissuer.keys.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Service-account signing keys written the way kubeadm writes {@code sa.key}, and tokens minted with them exactly
 * as kube-apiserver would (RS256: OpenSearch 2.19 verifies RSA keys only).
 */
final class ServiceAccountKeys {
    private ServiceAccountKeys() {}

    /** Generates an RSA key pair and writes its private key (mode 0600) to {@code file}. */
    static SigningKey generate(Path file) {
        KeyGeneration.PemPair pair = KeyGeneration.generate(KeyGeneration.KeyType.RSA);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pair.privatePem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SigningKey.read(file);
    }

    /** A token for {@code system:serviceaccount:NAMESPACE:NAME}, issued at {@code issuedAt}, valid for an hour. */
    static String token(
            SigningKey key, String issuer, String namespace, String name, String audience, Instant issuedAt) {
        return ServiceAccountToken.mint(
                key,
                new ServiceAccountToken.Request(
                        IssuerUrl.parse(issuer, false),
                        namespace,
                        name,
                        List.of(audience),
                        Duration.ofHours(1),
                        null,
                        issuedAt));
    }

    static String token(SigningKey key, String issuer, String namespace, String name, String audience) {
        return token(key, issuer, namespace, name, audience, Instant.now());
    }

    /** Issued two hours ago, so expired an hour ago: beyond any relying party's clock-skew allowance. */
    static String expiredToken(SigningKey key, String issuer, String namespace, String name, String audience) {
        return token(key, issuer, namespace, name, audience, Instant.now().minus(Duration.ofHours(2)));
    }
}
