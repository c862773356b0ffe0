package dev.saissuer.testkit;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling: every wait in the tests has a deadline and, when it runs out, says what it waited for, the
 * last error the condition threw and what the watched thing logged. No test asserts how long a wait took.
 */
public final class Eventually {
    private static final Duration POLL = Duration.ofMillis(50);

    private Eventually() {}

    /** A condition that may do I/O, and may throw while the thing it watches is still coming up. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls until {@code condition} holds; returns how long that took, or fails after {@code timeout}. */
    public static Duration await(String description, Duration timeout, Condition condition) {
        return await(description, timeout, condition, () -> "");
    }

    /** As {@link #await(String, Duration, Condition)}, with {@code diagnostics} (a log tail) in the failure. */
    public static Duration await(
            String description, Duration timeout, Condition condition, Supplier<String> diagnostics) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                String detail = diagnostics.get();
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + description
                                + (last == null ? "" : " (last error: " + last + ")")
                                + (detail.isEmpty() ? "" : "\n" + detail),
                        last);
            }
            sleep(POLL);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling", e);
        }
    }
}
