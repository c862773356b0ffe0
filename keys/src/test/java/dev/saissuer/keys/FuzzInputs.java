package dev.saissuer.keys;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Turns a fuzzer's bytes into the strings a flag value can be. */
final class FuzzInputs {
    private FuzzInputs() {}

    /**
     * The input read three ways: as UTF-8 (all of Unicode, malformed bytes become U+FFFD), as ISO-8859-1 (every
     * byte a character, controls included) and as raw big-endian UTF-16 code units, which unlike a charset
     * decoder keeps unpaired surrogates: Java strings can hold them, and an argument or environment variable
     * decoded leniently can carry them in.
     */
    static List<String> readings(byte[] input) {
        char[] units = new char[input.length / 2];
        for (int i = 0; i < units.length; i++) {
            units[i] = (char) (((input[2 * i] & 0xff) << 8) | (input[2 * i + 1] & 0xff));
        }
        return List.of(
                new String(input, StandardCharsets.UTF_8),
                new String(input, StandardCharsets.ISO_8859_1),
                new String(units));
    }
}
