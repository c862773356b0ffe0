package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-built hostile key files at the size limit, which a length-capped fuzzer (4 KiB inputs) cannot reach:
 * ASN.1 nested 20,000 deep (definite lengths) and 150,000 deep (BER indefinite lengths), and an RSA modulus of
 * 5.5 million bits. Each is refused with a one-line {@link BadInputException} within seconds: no
 * StackOverflowError, no OutOfMemoryError, no hang.
 */
class HostileKeyFileFuzzTest {
    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE", "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"
            })
    void deeplyNestedDerIsRefused(String type) throws IOException {
        requireRefusedQuickly(write(type, nestedDefinite(20_000)));
        requireRefusedQuickly(write(type, nestedIndefinite(150_000)));
    }

    @Test
    void hugeRsaModulusIsRefused() throws IOException {
        BigInteger modulus =
                new BigInteger(5_500_000, new Random(7)).setBit(5_499_999).setBit(0);
        requireRefusedQuickly(
                write("RSA PUBLIC KEY", new RSAPublicKey(modulus, BigInteger.valueOf(65537)).getEncoded()));
    }

    private void requireRefusedQuickly(Path file) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            LoaderContract.requireOneLineRefusal(
                    assertThrows(BadInputException.class, () -> KeyFiles.readPublicKeys(file)));
            LoaderContract.requireOneLineRefusal(assertThrows(BadInputException.class, () -> SigningKey.read(file)));
        });
    }

    private Path write(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter pem = new PemWriter(text)) {
            pem.writeObject(new PemObject(type, der));
        }
        Path file = Files.writeString(directory.resolve("hostile.pem"), text.toString(), StandardCharsets.US_ASCII);
        if (Files.size(file) > KeyFiles.MAX_FILE_BYTES) {
            throw new IllegalStateException("hostile input must stay under the size limit to reach the parser");
        }
        return file;
    }

    /** SEQUENCE { SEQUENCE { ... } } with definite lengths, written back to front in one buffer. */
    private static byte[] nestedDefinite(int depth) {
        byte[] buffer = new byte[depth * 5 + 2];
        int start = buffer.length - 2;
        buffer[start] = 0x30;
        for (int i = 0; i < depth; i++) {
            int length = buffer.length - start;
            int lengthBytes = length < 0x80 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            start -= 2 + lengthBytes;
            buffer[start] = 0x30;
            if (lengthBytes == 0) {
                buffer[start + 1] = (byte) length;
            } else {
                buffer[start + 1] = (byte) (0x80 | lengthBytes);
                for (int b = 0; b < lengthBytes; b++) {
                    buffer[start + 2 + b] = (byte) (length >> (8 * (lengthBytes - 1 - b)));
                }
            }
        }
        return java.util.Arrays.copyOfRange(buffer, start, buffer.length);
    }

    /** BER: SEQUENCE with indefinite length, nested, each closed by end-of-contents octets. */
    private static byte[] nestedIndefinite(int depth) {
        byte[] der = new byte[depth * 4];
        for (int i = 0; i < depth; i++) {
            der[2 * i] = 0x30;
            der[2 * i + 1] = (byte) 0x80;
        }
        return der;
    }
}
