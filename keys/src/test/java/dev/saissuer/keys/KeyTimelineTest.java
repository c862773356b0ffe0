package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTimelineTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration MAX_AGE = Duration.ofHours(1);
    private static final RotationRules RULES = new RotationRules(RETENTION, MAX_AGE);
    private final LoadedKey oldKey =
            KeyFiles.readPublicKeys(Fixtures.fixture("rsa2048.pub.pem")).get(0);
    private final LoadedKey newKey =
            KeyFiles.readPublicKeys(Fixtures.fixture("rsa3072.pub.pem")).get(0);
    private final LoadedKey ecKey =
            KeyFiles.readPublicKeys(Fixtures.fixture("p256.pub.pem")).get(0);

    /** A monotonic clock moved by hand, in nanoseconds like {@link System#nanoTime()}. */
    private long nanos = 42;

    private KeyTimeline monotonicTimeline() {
        return new KeyTimeline(RULES, () -> nanos);
    }

    @Test
    void aForwardWallClockJumpRetiresNoKeyUntilTheMonotonicClockAlsoSaysTheRetentionIsOver() {
        KeyTimeline timeline = monotonicTimeline();
        timeline.observe(List.of(oldKey, newKey), T0);
        nanos += Duration.ofMinutes(1).toNanos();
        timeline.observe(List.of(newKey), T0.plusSeconds(60));
        assertTrue(timeline.takeClockJump().isEmpty());

        // The wall clock leaps ten days ahead while one minute passes.
        nanos += Duration.ofMinutes(1).toNanos();
        Instant jumped = T0.plus(Duration.ofDays(10));
        assertFalse(timeline.observe(List.of(newKey), jumped));
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
        String warning = timeline.takeClockJump().orElseThrow();
        assertTrue(warning.contains("forward"), warning);
        assertTrue(timeline.takeClockJump().isEmpty(), "a jump is reported once");

        nanos += RETENTION.minusMinutes(2).toNanos();
        assertFalse(timeline.observe(List.of(newKey), jumped.plus(RETENTION.minusMinutes(2))));
        assertTrue(timeline.takeClockJump().isEmpty());
        nanos += Duration.ofMinutes(1).toNanos();
        assertTrue(timeline.observe(List.of(newKey), jumped.plus(RETENTION.minusMinutes(1))));
        assertEquals(List.of(newKey), timeline.publishedKeys());
    }

    @Test
    void aBackwardWallClockJumpKeepsAKeyUntilTheWallClockAlsoSaysTheRetentionIsOver() {
        KeyTimeline timeline = monotonicTimeline();
        timeline.observe(List.of(oldKey), T0);
        timeline.observe(List.of(newKey), T0);
        nanos += RETENTION.toNanos();
        Instant back = T0.minus(Duration.ofHours(1));
        assertFalse(timeline.observe(List.of(newKey), back));
        assertTrue(timeline.takeClockJump().orElseThrow().contains("back"));
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
        assertTrue(timeline.observe(List.of(newKey), T0.plus(RETENTION)));
    }

    @Test
    void aKeyRestoredAfterARestartKeepsTheWindowTheWallClockLeftItOnTheMonotonicClock() {
        KeyTimeline before = wallClockTimeline(RULES);
        before.observe(List.of(oldKey, newKey), T0);
        before.observe(List.of(newKey), T0);
        Instant restart = T0.plus(RETENTION).minusSeconds(3600);
        KeyTimeline after = monotonicTimeline();
        after.restore(before.entries(), restart);
        after.observe(List.of(newKey), restart);
        // A jump past the retention just after the restart: an hour of the window is left on the monotonic clock.
        nanos += Duration.ofMinutes(59).toNanos();
        assertFalse(after.observe(List.of(newKey), restart.plus(Duration.ofDays(30))));
        assertEquals(List.of(newKey, oldKey), after.publishedKeys());
        nanos += Duration.ofMinutes(1).toNanos();
        assertTrue(after.observe(List.of(newKey), restart.plus(Duration.ofDays(30))));
    }

    @Test
    void removedKeyStaysPublishedAfterCurrentKeysUntilRetentionEnds() {
        KeyTimeline timeline = wallClockTimeline(RULES);
        assertTrue(observe(timeline, List.of(oldKey), T0));
        assertTrue(observe(timeline, List.of(oldKey, newKey), T0.plusSeconds(60)));
        assertTrue(observe(timeline, List.of(newKey), T0.plusSeconds(120)));
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
        KeyTimeline.Entry retained = timeline.entry(oldKey.kid()).orElseThrow();
        assertFalse(retained.current());
        // Retained from the scan that saw it gone (T0+120), not from the scan before (T0+60): it may have
        // been in its file until just before T0+120.
        assertEquals(
                T0.plusSeconds(120).plus(RETENTION), timeline.retireAt(retained).orElseThrow());
        assertEquals(
                T0.plusSeconds(120).plus(RETENTION), timeline.nextRetirement().orElseThrow());

        assertFalse(observe(timeline, List.of(newKey), T0.plusSeconds(119).plus(RETENTION)));
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
        assertTrue(observe(timeline, List.of(newKey), T0.plusSeconds(120).plus(RETENTION)));
        assertEquals(List.of(newKey), timeline.publishedKeys());
    }

    @Test
    void firstPublishedIsKeptWhileAKeyStaysAndAReturningKeyIsCurrentAgain() {
        KeyTimeline timeline = wallClockTimeline(RULES);
        observe(timeline, List.of(oldKey), T0);
        observe(timeline, List.of(newKey), T0.plusSeconds(10));
        assertTrue(observe(timeline, List.of(newKey, oldKey), T0.plusSeconds(20)));
        KeyTimeline.Entry back = timeline.entry(oldKey.kid()).orElseThrow();
        assertTrue(back.current());
        assertEquals(T0, back.firstPublished());
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
    }

    @Test
    void duplicateKidsAppearOnce() {
        KeyTimeline timeline = wallClockTimeline(RULES);
        observe(timeline, List.of(oldKey, ecKey, oldKey), T0);
        assertEquals(List.of(oldKey, ecKey), timeline.publishedKeys());
    }

    @Test
    void restoredCurrentKeyMissingAfterRestartIsRetainedFromTheRestart() {
        KeyTimeline before = wallClockTimeline(RULES);
        observe(before, List.of(oldKey, newKey), T0);
        observe(before, List.of(newKey), T0.plusSeconds(30));
        List<KeyTimeline.Entry> persisted = before.entries();

        KeyTimeline after = wallClockTimeline(RULES);
        Instant restart = T0.plusSeconds(3600);
        restore(after, persisted, restart);
        observe(after, List.of(ecKey), restart);
        assertEquals(List.of(ecKey, newKey, oldKey), after.publishedKeys());
        // oldKey was already retained: its retire-at is unchanged by the restart.
        assertEquals(
                T0.plusSeconds(30).plus(RETENTION),
                after.retireAt(after.entry(oldKey.kid()).orElseThrow()).orElseThrow());
        // newKey was current when state was saved and is gone now: retained from the restart, never less.
        assertEquals(
                restart.plus(RETENTION),
                after.retireAt(after.entry(newKey.kid()).orElseThrow()).orElseThrow());
    }

    @Test
    void zeroRetentionDropsAtOnce() {
        KeyTimeline timeline = wallClockTimeline(new RotationRules(Duration.ZERO, MAX_AGE));
        observe(timeline, List.of(oldKey), T0);
        observe(timeline, List.of(newKey), T0.plusSeconds(1));
        assertEquals(List.of(newKey), timeline.publishedKeys());
    }

    @Test
    void everyPublishedKeyIsSafeToSignWithOnceItHasBeenPublishedForTheCacheMaxAge() {
        KeyTimeline timeline = wallClockTimeline(RULES);
        observe(timeline, List.of(oldKey), T0);
        observe(timeline, List.of(oldKey, newKey), T0.plusSeconds(600));
        List<PublishedKey> published = timeline.published();
        assertEquals(
                List.of(oldKey.kid(), newKey.kid()),
                published.stream().map(PublishedKey::kid).toList());
        assertEquals(T0.plus(MAX_AGE), published.get(0).safeToSignFrom());
        PublishedKey incoming = published.get(1);
        assertEquals(T0.plusSeconds(600).plus(MAX_AGE), incoming.safeToSignFrom());
        assertFalse(incoming.safeToSign(T0.plusSeconds(600).plus(MAX_AGE).minusMillis(1)));
        assertTrue(incoming.safeToSign(T0.plusSeconds(600).plus(MAX_AGE)));
        assertTrue(incoming.retireAt().isEmpty());
    }

    @Test
    void impossibleTimesInAPersistedTimelineAreClampedToNowSoNoKeyIsRetainedLongerThanTheRetention() {
        Instant now = T0.plus(Duration.ofDays(3));
        Instant year9999 = Instant.parse("9999-01-01T00:00:00Z");
        KeyTimeline timeline = wallClockTimeline(RULES);
        List<String> warnings = restore(
                timeline,
                List.of(
                        new KeyTimeline.Entry(oldKey, T0, year9999, false),
                        new KeyTimeline.Entry(newKey, year9999, now, false),
                        new KeyTimeline.Entry(ecKey, T0, now.plus(KeyTimeline.CLOCK_SKEW), false)),
                now);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(oldKey.kid()) && warnings.get(0).contains("lastSeen"), warnings.get(0));
        assertEquals(
                now.plus(RETENTION),
                timeline.retireAt(timeline.entry(oldKey.kid()).orElseThrow()).orElseThrow());
        assertEquals(now, timeline.entry(newKey.kid()).orElseThrow().firstPublished());
        // Within the allowed skew a time is kept as it is.
        assertEquals(
                now.plus(KeyTimeline.CLOCK_SKEW),
                timeline.entry(ecKey.kid()).orElseThrow().lastSeen());
        assertFalse(observe(timeline, List.of(), now.plus(RETENTION).minusSeconds(1)));
        assertTrue(observe(timeline, List.of(), now.plus(RETENTION)));
        assertEquals(List.of(ecKey), timeline.publishedKeys());
    }

    /**
     * For the tests of the wall-clock rules: a timeline whose monotonic clock keeps pace with the wall clock the
     * test passes (set by {@link #observe} and {@link #restore}), so no jump is ever seen.
     */
    private KeyTimeline wallClockTimeline(RotationRules rules) {
        return new KeyTimeline(rules, () -> nanos);
    }

    private boolean observe(KeyTimeline timeline, List<LoadedKey> keys, Instant at) {
        nanos = Duration.between(T0, at).toNanos();
        return timeline.observe(keys, at);
    }

    private List<String> restore(KeyTimeline timeline, List<KeyTimeline.Entry> entries, Instant at) {
        nanos = Duration.between(T0, at).toNanos();
        return timeline.restore(entries, at);
    }
}
