package dev.saissuer.conformance;

import dev.saissuer.keys.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/** Service-account signing keys for tests, written as PKCS#8 PEM files (a form kube-apiserver reads). */
final class TestKeys {
    /** The key types the issuer is held to the kit with. */
    enum Type {
        RSA,
        EC,
        EC_P384
    }

    private TestKeys() {}

    /** Generates a key pair of the type, writes its private key to file (0600 is not needed: a temp dir). */
    static SigningKey write(Type type, Path file) {
        try {
            KeyPair pair;
            if (type == Type.RSA) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            } else if (type == Type.EC_P384) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp384r1"));
                pair = generator.generateKeyPair();
            } else {
                pair = TestPki.ecKeyPair();
            }
            Files.writeString(file, TestPki.pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
            return SigningKey.read(file);
        } catch (GeneralSecurityException | PemGenerationException e) {
            throw new IllegalStateException("cannot generate a " + type + " key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
