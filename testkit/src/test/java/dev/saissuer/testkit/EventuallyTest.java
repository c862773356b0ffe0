package dev.saissuer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {
    @Test
    void returnsOnceTheConditionHoldsAndPollsThroughErrors() {
        AtomicInteger calls = new AtomicInteger();
        Eventually.await("the third call", Duration.ofSeconds(10), () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("not listening yet");
            }
            return calls.get() == 3;
        });
        assertEquals(3, calls.get());
    }

    @Test
    void failsAfterTheTimeoutNamingWhatItWaitedForTheLastErrorAndTheDiagnostics() {
        AssertionError timedOut = assertThrows(
                AssertionError.class,
                () -> Eventually.await(
                        "a port",
                        Duration.ofMillis(200),
                        () -> {
                            throw new IOException("connection refused");
                        },
                        () -> "--- log tail"));
        assertTrue(
                timedOut.getMessage().startsWith("timed out after PT0.2S waiting for a port"), timedOut.getMessage());
        assertTrue(timedOut.getMessage().contains("(last error: java.io.IOException: connection refused)"));
        assertTrue(timedOut.getMessage().endsWith("\n--- log tail"), timedOut.getMessage());
    }
}
