package dev.saissuer.conformance.interop;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Bounded polling: every wait in these tests has a deadline and says what it waited for when it runs out. */
final class Waits {
    private static final Duration POLL = Duration.ofMillis(200);

    private Waits() {}

    /** A condition that may throw while the thing it watches is still coming up. */
    interface Probe {
        boolean ready() throws Exception;
    }

    static Duration until(String what, Duration timeout, Probe probe, Supplier<String> diagnostics) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (probe.ready()) {
                    return Duration.between(start, Instant.now());
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(POLL);
        }
        throw new AssertionError(
                "timed out after " + timeout.toSeconds() + "s waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")") + "\n" + diagnostics.get(),
                last);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
