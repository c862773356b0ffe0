package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyFilesTest {
    static Stream<Arguments> pinnedKids() {
        return Fixtures.pinnedKids().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** Every accepted form yields the kid openssl computed for it (recipe in fixtures/genkeys.sh). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pinnedKids")
    void everyAcceptedFormYieldsTheKidOpensslComputed(String file, String kid) {
        List<LoadedKey> keys = KeyFiles.readPublicKeys(Fixtures.fixture(file));
        assertEquals(1, keys.size());
        assertEquals(kid, keys.get(0).kid());
    }

    static Stream<Arguments> algorithms() {
        return Stream.of(
                Arguments.of("rsa2048.pkcs1.pem", "RS256"),
                Arguments.of("rsa4096.pub.pem", "RS256"),
                Arguments.of("p256.sec1.pem", "ES256"),
                Arguments.of("p384.pkcs8.pem", "ES384"),
                Arguments.of("p521.pub.pem", "ES512"));
    }

    @ParameterizedTest(name = "{0} signs with {1}")
    @MethodSource("algorithms")
    void algorithmFollowsKeyTypeAndCurve(String file, String alg) {
        assertEquals(alg, KeyFiles.readPublicKeys(Fixtures.fixture(file)).get(0).algorithm());
    }

    @Test
    void privateKeyAndItsPublicFileGiveTheSameKey() {
        Map<String, String> kids = Fixtures.pinnedKids();
        for (String base : List.of("rsa2048", "rsa3072", "rsa4096", "p256", "p384", "p521")) {
            String privateForm = base.startsWith("rsa") ? base + ".pkcs8.pem" : base + ".sec1.pem";
            assertEquals(kids.get(base + ".pub.pem"), kids.get(privateForm), base);
            assertEquals(
                    KeyFiles.readPublicKeys(Fixtures.fixture(base + ".pub.pem"))
                            .get(0)
                            .publicKey(),
                    KeyFiles.readPublicKeys(Fixtures.fixture(privateForm))
                            .get(0)
                            .publicKey(),
                    base);
        }
    }

    @Test
    void severalBlocksInOneFileAreLoadedInOrder() {
        List<LoadedKey> keys = KeyFiles.readPublicKeys(Fixtures.fixture("multi.pem"));
        Map<String, String> kids = Fixtures.pinnedKids();
        assertEquals(
                List.of(kids.get("rsa2048.crt.pem"), kids.get("p256.pub.pem"), kids.get("rsa3072.pub.pem")),
                keys.stream().map(LoadedKey::kid).toList());
        assertTrue(
                keys.get(1).origin().endsWith("multi.pem: block 2 (PUBLIC KEY)"),
                keys.get(1).origin());
    }

    @Test
    void directoryLoadsRegularFilesInNameOrderAndSkipsDotEntries(@TempDir Path dir) throws Exception {
        // The layout of a Kubernetes Secret volume: visible names link through ..data to a timestamped directory.
        Path stamped = Files.createDirectory(dir.resolve("..2026_11_30_00_00_00.000000001"));
        Files.copy(Fixtures.fixture("p256.pub.pem"), stamped.resolve("a.pub"));
        Files.copy(Fixtures.fixture("rsa2048.pub.pem"), stamped.resolve("b.pub"));
        Files.createSymbolicLink(dir.resolve("..data"), stamped.getFileName());
        Files.createSymbolicLink(dir.resolve("b.pub"), Path.of("..data/b.pub"));
        Files.createSymbolicLink(dir.resolve("a.pub"), Path.of("..data/a.pub"));
        Files.writeString(dir.resolve(".hidden"), "not a key");
        Files.createDirectory(dir.resolve("subdir"));
        List<LoadedKey> keys = KeyFiles.readPublicKeys(dir);
        Map<String, String> kids = Fixtures.pinnedKids();
        assertEquals(
                List.of(kids.get("p256.pub.pem"), kids.get("rsa2048.pub.pem")),
                keys.stream().map(LoadedKey::kid).toList());
    }

    @Test
    void emptyDirectoryIsRefused(@TempDir Path dir) {
        BadInputException e = assertThrows(BadInputException.class, () -> KeyFiles.readPublicKeys(dir));
        assertTrue(e.getMessage().contains("directory holds no key files"), e.getMessage());
    }

    @Test
    void missingFileIsRefused(@TempDir Path dir) {
        BadInputException e =
                assertThrows(BadInputException.class, () -> KeyFiles.readPublicKeys(dir.resolve("sa.pub")));
        assertEquals(dir.resolve("sa.pub") + ": no such file or directory", e.getMessage());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("empty.pem", "empty.pem: file is empty"),
                Arguments.of("nokey.pem", "nokey.pem: no PEM block found"),
                Arguments.of("rsa1024.pkcs8.pem", "block 1 (PRIVATE KEY): RSA key of 1024 bits is too small"),
                Arguments.of("ed25519.pkcs8.pem", "block 1 (PRIVATE KEY): unsupported key type Ed25519"),
                Arguments.of("ed25519.pub.pem", "block 1 (PUBLIC KEY): unsupported key type Ed25519"),
                Arguments.of("secp256k1.sec1.pem", "block 1 (EC PRIVATE KEY): unsupported curve secp256k1"),
                Arguments.of("secp256k1.pub.pem", "block 1 (PUBLIC KEY): unsupported curve secp256k1"),
                Arguments.of("brainpool256.sec1.pem", "block 1 (EC PRIVATE KEY): unsupported curve brainpoolP256r1"),
                Arguments.of("dsa.pkcs8.pem", "block 1 (PRIVATE KEY): unsupported key type DSA"),
                Arguments.of("dsa.traditional.pem", "block 1 (DSA PRIVATE KEY): unsupported key type DSA"),
                Arguments.of(
                        "rsa2048.encrypted-pkcs8.pem",
                        "block 1 (ENCRYPTED PRIVATE KEY): encrypted keys are not supported"),
                Arguments.of(
                        "rsa2048.encrypted-pkcs1.pem", "block 1 (RSA PRIVATE KEY): encrypted keys are not supported"),
                Arguments.of("rsa2048.csr.pem", "block 1 (CERTIFICATE REQUEST): not a key"),
                Arguments.of("p256.explicit.pem", "block 1 (EC PRIVATE KEY): EC key names no curve"),
                Arguments.of("truncated.pem", "block 1: malformed PEM"),
                Arguments.of("badbase64.pem", "block 1: malformed PEM"),
                Arguments.of("badder.pem", "block 1: malformed PEM"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedInputNamesFileBlockAndReasonOnOneLine(String file, String reason) {
        BadInputException e =
                assertThrows(BadInputException.class, () -> KeyFiles.readPublicKeys(Fixtures.fixture(file)));
        assertTrue(e.getMessage().startsWith(Fixtures.fixture(file).toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void privateKeyReadableByOthersLoadsWithAWarningNamingIt(@TempDir Path dir) throws Exception {
        Path open = Files.copy(Fixtures.fixture("p256.sec1.pem"), dir.resolve("open.key"));
        Path closed = Files.copy(Fixtures.fixture("p256.sec1.pem"), dir.resolve("closed.key"));
        Path publicKey = Files.copy(Fixtures.fixture("p256.pub.pem"), dir.resolve("sa.pub"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(publicKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        List<String> warnings = new java.util.ArrayList<>();
        assertEquals(3, KeyFiles.readPublicKeys(dir, warnings::add).size());
        assertEquals(
                List.of(open + ": holds a private key but is readable by group or others (chmod 600 it)"), warnings);
    }

    @Test
    void oversizedFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.pem");
        Files.write(big, new byte[(int) KeyFiles.MAX_FILE_BYTES + 1]);
        BadInputException e = assertThrows(BadInputException.class, () -> KeyFiles.readPublicKeys(big));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    /** A FIFO blocks open() until a writer comes: it must be refused, not stall the reload thread. */
    @Test
    void aFifoIsRefusedWithoutBlocking(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("sa.pub");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS), "mkfifo did not finish");
        assertEquals(0, mkfifo.exitValue());
        BadInputException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThrows(BadInputException.class, () -> KeyFiles.readPublicKeys(fifo)));
        assertEquals(fifo + ": not a regular file (a FIFO, socket or device); not a key file", e.getMessage());
    }

    /** /dev/zero reports size 0 and never ends: a size check alone would pass it and the read never stop. */
    @Test
    void aDeviceIsRefused() {
        Path zero = Path.of("/dev/zero");
        BadInputException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> assertThrows(BadInputException.class, () -> SigningKey.read(zero)));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }
}
