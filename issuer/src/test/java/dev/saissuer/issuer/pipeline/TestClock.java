package dev.saissuer.issuer.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, so that rotation logic is tested without sleeping. It holds a monotonic clock
 * too ({@link #nanos()}, for {@code System::nanoTime}): {@link #advance} moves both, {@link #jumpWall} only the
 * wall clock, as an NTP step or a resumed VM does.
 */
final class TestClock extends Clock {
    private Instant now;
    private long nanos = 1_000_000_000_000L;

    TestClock(Instant start) {
        this.now = start;
    }

    void advance(Duration d) {
        now = now.plus(d);
        nanos += d.toNanos();
    }

    void jumpWall(Duration d) {
        now = now.plus(d);
    }

    long nanos() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
