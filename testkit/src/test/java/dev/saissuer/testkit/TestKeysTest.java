package dev.saissuer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Key files in kubeadm's forms and modes; sa-issuer's loader reading them is checked by keys' TestKitKeysTest. */
class TestKeysTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"RSA, RSA PRIVATE KEY", "EC, EC PRIVATE KEY", "EC_P384, EC PRIVATE KEY"})
    void writesKubeadmFormsWithKubeadmModes(TestKeys.Type type, String privateLabel, @TempDir Path dir)
            throws Exception {
        TestKeys.Pair pair = TestKeys.write(type, dir.resolve("pki"), "sa");
        assertEquals(dir.resolve("pki/sa.key"), pair.privateKey());
        assertTrue(Files.readString(pair.privateKey()).startsWith("-----BEGIN " + privateLabel + "-----\n"));
        assertTrue(Files.readString(pair.publicKey()).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.privateKey())));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pair.publicKey())));
        assertTrue(pair.kid().matches("[A-Za-z0-9_-]{43}"), pair.kid()); // 32 bytes, unpadded base64url
    }
}
