package dev.saissuer.issuer.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload triggers outlive what can go wrong around them: no watch service, reloads that throw. */
class ReloadTriggersTest {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void withoutAWatchServiceTheTriggersFallBackToThePoll(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sa.pub"), "key");
        AtomicInteger reloads = new AtomicInteger();
        try (ReloadTriggers triggers =
                new ReloadTriggers(List.of(file), POLL, List.of(reloads::incrementAndGet), () -> {
                    throw new IOException("User limit of inotify instances reached or too many open files");
                })) {
            awaitAtLeast(reloads, 3);
            triggers.requestReload();
        }
    }

    @Test
    void aReloadThatThrowsAnythingKeepsThePollAlive() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Runnable throwing = () -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                throw new IllegalStateException("a source failed outside its own error handling");
            }
            if (call == 2) {
                throw new StackOverflowError();
            }
        };
        AtomicInteger after = new AtomicInteger();
        try (ReloadTriggers triggers = new ReloadTriggers(List.of(), POLL, List.of(throwing, after::incrementAndGet))) {
            triggers.requestReload(); // an on-demand reload runs through the same guard
            awaitAtLeast(calls, 4);
            assertTrue(after.get() >= 3, "the reloads after a throwing one still run: " + after.get());
        }
    }

    private static void awaitAtLeast(AtomicInteger counter, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (counter.get() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + counter.get() + " reloads within " + WAIT);
            Thread.sleep(20);
        }
    }
}
