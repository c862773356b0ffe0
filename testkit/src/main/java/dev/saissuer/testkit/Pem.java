package dev.saissuer.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/** PEM text (RFC 7468) written with Bouncy Castle, and files written with the modes kubeadm gives them. */
final class Pem {
    /** Private keys: readable by their owner only, as kubeadm writes sa.key and TLS keys. */
    static final String PRIVATE_MODE = "rw-------";
    /** Certificates and public keys. */
    static final String PUBLIC_MODE = "rw-r--r--";

    private Pem() {}

    /** Certificates, public keys (PKIX), JDK private keys (PKCS#1 for RSA) and PEM object generators. */
    static String encode(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** PKCS#8 PrivateKeyInfo, "PRIVATE KEY" (RFC 5208): the form every TLS stack reads. */
    static String pkcs8(PrivateKey key) {
        try {
            return encode(new JcaPKCS8Generator(key, null));
        } catch (PemGenerationException e) {
            throw new IllegalStateException("cannot encode a " + key.getAlgorithm() + " key as PKCS#8", e);
        }
    }

    /** Writes (or replaces) {@code file} with {@code mode}, creating its directory. */
    static Path write(Path file, String text, String mode) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
