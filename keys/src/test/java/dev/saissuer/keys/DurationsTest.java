package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's time.ParseDuration syntax, as kube-apiserver's duration flags take it. */
class DurationsTest {
    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "0,0",
        "90s,90000",
        "10m,600000",
        "24h,86400000",
        "1h30m,5400000",
        "1.5h,5400000",
        "500ms,500",
        "2h45m30.5s,9930500",
        ".5s,500",
        "1000us,1",
        "3000000ns,3"
    })
    void parsesGoDurations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "10", "1d", "-5s", "5 s", "s", "1h-1m", "99999999999999999h"})
    void refusesWhatGoRefuses(String text) {
        assertThrows(BadInputException.class, () -> Durations.parse(text));
    }

    @Test
    void formatsAsTheFlagsAreWritten() {
        assertEquals("24h0m0s", Durations.format(Duration.ofHours(24)));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("5s", Durations.format(Duration.ofSeconds(5)));
        assertEquals("0.25s", Durations.format(Duration.ofMillis(250)));
    }
}
