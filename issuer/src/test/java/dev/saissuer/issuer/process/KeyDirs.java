package dev.saissuer.issuer.process;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.KeyGeneration;
import dev.saissuer.keys.ServiceAccountToken;
import dev.saissuer.keys.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Key files for process tests, written the way operators and Kubernetes write them. */
final class KeyDirs {
    private KeyDirs() {}

    /** A generated pair: private key at {@code name}.key, public at {@code name}.pub, in {@code dir}. */
    record Pair(Path privateKey, Path publicKey, String kid) {
        String mint(String issuer, Duration ttl) {
            return ServiceAccountToken.mint(
                    SigningKey.read(privateKey),
                    new ServiceAccountToken.Request(
                            IssuerUrl.parse(issuer, true), "ns", "app", List.of("aud"), ttl, null, Instant.now()));
        }
    }

    static Pair generate(Path dir, String name) throws IOException {
        KeyGeneration.PemPair pem = KeyGeneration.generate(KeyGeneration.KeyType.RSA);
        Files.createDirectories(dir);
        Path privateKey = dir.resolve(name + ".key");
        Path publicKey = dir.resolve(name + ".pub");
        writeAtomically(privateKey, pem.privatePem());
        writeAtomically(publicKey, pem.publicPem());
        return new Pair(
                privateKey, publicKey, KeyFiles.readPublicKeys(publicKey).get(0).kid());
    }

    /** Replaces a file the way careful tools do: write a temporary file beside it, then rename over it. */
    static void writeAtomically(Path file, String content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Verifies a token as a relying party would: the key selected by kid from the served JWKS, then the signature. */
    static boolean verifies(String token, String jwksJson) {
        try {
            JWSObject jws = JWSObject.parse(token);
            JWK key = JWKSet.parse(jwksJson).getKeyByKeyId(jws.getHeader().getKeyID());
            return key != null
                    && jws.verify(new DefaultJWSVerifierFactory()
                            .createJWSVerifier(jws.getHeader(), key.toRSAKey().toPublicKey()));
        } catch (Exception e) {
            return false;
        }
    }
}
