package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;

/**
 * Coverage-guided fuzzing of {@link Durations#parse}, the Go-syntax durations of the flags. Any string is either
 * refused with a one-line {@link BadInputException} or parsed to a non-negative duration that formats and parses
 * back to itself at whole-millisecond precision.
 */
class DurationsFuzzTest {

    @FuzzTest
    void fuzzDuration(byte[] input) {
        for (String text : FuzzInputs.readings(input)) {
            Duration parsed;
            try {
                parsed = Durations.parse(text);
            } catch (BadInputException refusal) {
                LoaderContract.requireOneLineRefusal(refusal);
                continue;
            }
            assertFalse(parsed.isNegative(), "a duration flag is never negative: " + text);
            Duration millis = Duration.ofMillis(parsed.toMillis());
            assertEquals(millis, Durations.parse(Durations.format(millis)), "format then parse of " + millis);
        }
    }
}
