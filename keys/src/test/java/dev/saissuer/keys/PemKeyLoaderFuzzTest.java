package dev.saissuer.keys;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Hex;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing of the key file loader ({@link KeyFiles#readPublicKeys(Path)}, {@link SigningKey#read}
 * and through them {@link PemBlocks#decode}). Any file either loads keys that pass {@link PublishedKeyChecks}, or
 * is refused with a one-line {@link BadInputException} that does not echo the file's key material; any other
 * exception, a hang (per-input timeout) or running out of memory is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} each method replays its seed corpus under
 * {@code src/test/resources/dev/saissuer/keys/PemKeyLoaderFuzzTestInputs/<method>/}; see {@code .ci/fuzz.sh}.
 */
class PemKeyLoaderFuzzTest {
    /** PEM types the loader knows, plus near misses, for the block-structured target. */
    static final String[] BLOCK_TYPES = {
        "PUBLIC KEY",
        "RSA PUBLIC KEY",
        "CERTIFICATE",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "EC PARAMETERS",
        "DSA PRIVATE KEY",
        "X509 CRL"
    };

    /** A run this long of base64 or hex characters in an error message could only be copied key material. */
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/=]{24,}");

    private static final Pattern HEX_RUN = Pattern.compile("[0-9a-fA-F]{32,}");

    @TempDir
    static Path directory;

    /** Arbitrary bytes as a key file: exercises PEM framing, base64, headers and everything behind them. */
    @FuzzTest
    void fuzzKeyFile(byte[] input) {
        loadAndCheck(input, null);
    }

    /** Well-framed PEM around arbitrary DER: spends the fuzzing budget in the ASN.1 and key decoding. */
    @FuzzTest
    void fuzzDerInPemBlock(FuzzedDataProvider data) {
        String type = data.pickValue(BLOCK_TYPES);
        boolean curveFirst = data.consumeBoolean();
        byte[] der = data.consumeRemainingAsBytes();
        StringWriter text = new StringWriter();
        try (PemWriter pem = new PemWriter(text)) {
            if (curveFirst) {
                // An EC PARAMETERS block naming P-256 first, as openssl ecparam -genkey writes it.
                pem.writeObject(new PemObject("EC PARAMETERS", Hex.decode("06082a8648ce3d030107")));
            }
            pem.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loadAndCheck(text.toString().getBytes(StandardCharsets.ISO_8859_1), der);
    }

    private static void loadAndCheck(byte[] fileBytes, byte[] der) {
        Path file = directory.resolve("fuzz-input.pem");
        try {
            Files.write(file, fileBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<LoadedKey> keys = null;
        try {
            keys = KeyFiles.readPublicKeys(file);
        } catch (BadInputException refusal) {
            requireCleanRefusal(refusal, file, fileBytes, der);
        }
        if (keys != null) {
            PublishedKeyChecks.requireSane(keys);
        }
        try {
            SigningKey signingKey = SigningKey.read(file);
            PublishedKeyChecks.requireSaneKey(signingKey.publicHalf());
            PublishedKeyChecks.requireMatchingPair(signingKey);
            // The kid and the path are public, and the fuzzer, which sees them compared, copies them into inputs.
            requireNoEcho(
                    signingKey
                            .toString()
                            .replace(signingKey.publicHalf().kid(), "<kid>")
                            .replace(file.toString(), "<file>"),
                    fileBytes,
                    der);
        } catch (BadInputException refusal) {
            requireCleanRefusal(refusal, file, fileBytes, der);
        }
    }

    private static void requireCleanRefusal(BadInputException refusal, Path file, byte[] fileBytes, byte[] der) {
        LoaderContract.requireOneLineRefusal(refusal);
        // A logger may print the whole chain, so the causes' messages count too.
        for (Throwable t = refusal; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                requireNoEcho(t.getMessage().replace(file.toString(), "<file>"), fileBytes, der);
            }
        }
    }

    /** Fails if text repeats a long base64 run of the file or a long hex run of the DER: key material. */
    static void requireNoEcho(String text, byte[] fileBytes, byte[] der) {
        String file = new String(fileBytes, StandardCharsets.ISO_8859_1);
        Matcher base64 = BASE64_RUN.matcher(text);
        while (base64.find()) {
            if (file.contains(base64.group())) {
                throw new AssertionError("message repeats input material: " + text);
            }
        }
        if (der != null) {
            String hex = Hex.toHexString(der);
            Matcher hexRun = HEX_RUN.matcher(text);
            while (hexRun.find()) {
                if (hex.contains(hexRun.group().toLowerCase(java.util.Locale.ROOT))) {
                    throw new AssertionError("message repeats DER bytes in hex: " + text);
                }
            }
        }
    }
}
