package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged private key files, the kind a bad copy, a full disk or a YAML mishap makes: whatever the loader does
 * with them (refuse, or load what is left), its messages, their causes and the loaded keys' text never repeat key
 * material: no private value in any spelling, no 16 characters of the file's base64 body, no 16 bytes of its DER
 * in hex. A refusal is a one-line {@link BadInputException}.
 */
class MalformedPrivateKeyHygieneTest {
    /** Ways to damage a PEM file, each named. */
    enum Damage {
        TRUNCATED_QUARTER(text -> cut(text, 0.25)),
        TRUNCATED_HALF(text -> cut(text, 0.5)),
        TRUNCATED_BEFORE_END(text -> text.substring(0, text.lastIndexOf("-----END"))),
        LAST_BODY_LINE_DROPPED(text -> dropLine(text, -2)),
        FIRST_BODY_LINE_DROPPED(text -> dropLine(text, 1)),
        BYTE_FLIPPED_IN_MIDDLE(text -> flip(text, text.length() / 2)),
        BYTE_FLIPPED_NEAR_START(text -> flip(text, text.indexOf('\n') + 8)),
        BODY_ON_BEGIN_LINE(text -> text.replaceFirst("-----\n", "-----")),
        JUNK_LINE_IN_BODY(text -> text.replaceFirst("\n", "\n%not base64%\n")),
        BASE64_LINES_JOINED_WITH_LITERAL_NEWLINES(text -> text.replace("\n", "\\n")),
        /** The fuzzer's find: the first body line inside the BEGIN label, whose END line then never comes. */
        BODY_LINE_INSIDE_BEGIN_LABEL(text -> text.replaceFirst("-----\n([^\n]*)\n", " $1-----\n"));

        final UnaryOperator<String> apply;

        Damage(UnaryOperator<String> apply) {
            this.apply = apply;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (GeneratedKeys.Type type : GeneratedKeys.Type.values()) {
            for (PemForms form : PemForms.values()) {
                if (form.isPrivate && form.appliesTo(type)) {
                    for (Damage damage : Damage.values()) {
                        cases.add(Arguments.of(type, form, damage));
                    }
                }
            }
        }
        return cases.stream();
    }

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} as {1}, {2}")
    @MethodSource("cases")
    void damagedPrivateKeyIsNeverEchoed(GeneratedKeys.Type type, PemForms form, Damage damage) throws IOException {
        KeyPair pair = GeneratedKeys.of(type, 1).get(0);
        String intact = form.write(pair);
        Path file =
                Files.writeString(directory.resolve("sa.key"), damage.apply.apply(intact), StandardCharsets.US_ASCII);
        List<String> forbidden = new ArrayList<>(PrivateValues.spellings(pair.getPrivate()));
        List<String> body = base64Bodies(intact);
        try {
            for (LoadedKey key : KeyFiles.readPublicKeys(file)) {
                requireNoMaterial(key.toString(), forbidden, body);
            }
        } catch (BadInputException refusal) {
            requireCleanRefusal(refusal, file, forbidden, body);
        }
        try {
            requireNoMaterial(SigningKey.read(file).toString(), forbidden, body);
        } catch (BadInputException refusal) {
            requireCleanRefusal(refusal, file, forbidden, body);
        }
    }

    private static void requireCleanRefusal(
            BadInputException refusal, Path file, List<String> forbidden, List<String> body) {
        LoaderContract.requireOneLineRefusal(refusal);
        // A logger may print the whole chain, so the causes' messages count too.
        for (Throwable t = refusal; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                requireNoMaterial(t.getMessage().replace(file.toString(), "<file>"), forbidden, body);
            }
        }
    }

    private static void requireNoMaterial(String text, List<String> forbidden, List<String> bodies) {
        assertNull(PrivateValues.firstLeak(text, forbidden), "a private value appears in: " + redacted(text));
        for (int i = 0; i + 16 <= text.length(); i++) {
            String window = text.substring(i, i + 16);
            for (String body : bodies) {
                if (body.contains(window)) {
                    throw new AssertionError("16 characters of the key's PEM body or DER hex appear in a message");
                }
            }
        }
    }

    /** The base64 bodies of the intact file's blocks, and their DER in hex, each as one string without newlines. */
    private static List<String> base64Bodies(String pem) {
        List<String> bodies = new ArrayList<>();
        for (String block : pem.split("-----END [A-Z ]+-----\n?")) {
            String body =
                    block.replaceAll("(?s).*-----BEGIN [A-Z ]+-----\n", "").replace("\n", "");
            if (!body.isEmpty()) {
                bodies.add(body);
                bodies.add(Hex.toHexString(java.util.Base64.getDecoder().decode(body)));
            }
        }
        return bodies;
    }

    /** A failure message must not itself carry what it found. */
    private static String redacted(String text) {
        return text.length() + " characters";
    }

    private static String cut(String text, double fraction) {
        int start = text.indexOf('\n') + 1;
        return text.substring(0, start + (int) ((text.length() - start) * fraction));
    }

    private static String dropLine(String text, int index) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        lines.remove(index < 0 ? lines.size() + index : index);
        return String.join("\n", lines) + "\n";
    }

    private static String flip(String text, int at) {
        char c = text.charAt(at);
        char replacement = c == 'A' ? 'B' : 'A';
        return text.substring(0, at) + replacement + text.substring(at + 1);
    }
}
