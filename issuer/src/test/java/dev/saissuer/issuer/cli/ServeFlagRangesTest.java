package dev.saissuer.issuer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Flag values that cannot work are refused before anything starts: exit 2 and one line naming the flag and
 * the allowed range. Before this, {@code --http-idle-timeout 0s} meant "never time out", {@code
 * --key-poll-interval 0s} was silently 100 ms, and {@code --cache-max-age 500ms} was sent as max-age=0, making
 * every key "safe to sign" at once.
 */
class ServeFlagRangesTest {
    // Without the checks, serve would start and run: the timeout turns that into a failure instead of a hang.
    @Timeout(60)
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--http-idle-timeout|0s|--http-idle-timeout: 0s is out of range 1s to 1h",
                "--http-idle-timeout|2h|--http-idle-timeout: 2h is out of range 1s to 1h",
                "--key-poll-interval|0s|--key-poll-interval: 0s is out of range 100ms to 1h",
                "--key-poll-interval|13h|--key-poll-interval: 13h is out of range 100ms to 1h",
                "--cache-max-age|500ms|--cache-max-age: 500ms is not a whole number of seconds",
                "--cache-max-age|1.5s|--cache-max-age: 1.5s is not a whole number of seconds",
                "--key-retention|-1s|--key-retention: ",
                "--key-retention|9s|--key-poll-interval: 5s must be at most half of --key-retention (9s)",
            })
    void nonsenseIsRefusedWithTheFlagAndItsRange(String flag, String value, String message) {
        List<String> args = new ArrayList<>(List.of(
                "serve",
                "--service-account-issuer",
                "https://issuer.example.com",
                "--service-account-key-file",
                Fixtures.kubernetes("rsa.pub.pem").toString(),
                "--port",
                "0",
                "--metrics-bind-address",
                "127.0.0.1:0"));
        args.add(flag);
        args.add(value);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("sa-issuer: " + message), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
