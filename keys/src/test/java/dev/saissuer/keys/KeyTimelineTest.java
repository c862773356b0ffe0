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

    @Test
    void removedKeyStaysPublishedAfterCurrentKeysUntilRetentionEnds() {
        KeyTimeline timeline = new KeyTimeline(RULES);
        assertTrue(timeline.observe(List.of(oldKey), T0));
        assertTrue(timeline.observe(List.of(oldKey, newKey), T0.plusSeconds(60)));
        assertTrue(timeline.observe(List.of(newKey), T0.plusSeconds(120)));
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
        KeyTimeline.Entry retained = timeline.entry(oldKey.kid()).orElseThrow();
        assertFalse(retained.current());
        // Retained from the scan that saw it gone (T0+120), not from the scan before (T0+60): it may have
        // been in its file until just before T0+120.
        assertEquals(
                T0.plusSeconds(120).plus(RETENTION), timeline.retireAt(retained).orElseThrow());
        assertEquals(
                T0.plusSeconds(120).plus(RETENTION), timeline.nextRetirement().orElseThrow());

        assertFalse(timeline.observe(List.of(newKey), T0.plusSeconds(119).plus(RETENTION)));
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
        assertTrue(timeline.observe(List.of(newKey), T0.plusSeconds(120).plus(RETENTION)));
        assertEquals(List.of(newKey), timeline.publishedKeys());
    }

    @Test
    void firstPublishedIsKeptWhileAKeyStaysAndAReturningKeyIsCurrentAgain() {
        KeyTimeline timeline = new KeyTimeline(RULES);
        timeline.observe(List.of(oldKey), T0);
        timeline.observe(List.of(newKey), T0.plusSeconds(10));
        assertTrue(timeline.observe(List.of(newKey, oldKey), T0.plusSeconds(20)));
        KeyTimeline.Entry back = timeline.entry(oldKey.kid()).orElseThrow();
        assertTrue(back.current());
        assertEquals(T0, back.firstPublished());
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
    }

    @Test
    void duplicateKidsAppearOnce() {
        KeyTimeline timeline = new KeyTimeline(RULES);
        timeline.observe(List.of(oldKey, ecKey, oldKey), T0);
        assertEquals(List.of(oldKey, ecKey), timeline.publishedKeys());
    }

    @Test
    void restoredCurrentKeyMissingAfterRestartIsRetainedFromTheRestart() {
        KeyTimeline before = new KeyTimeline(RULES);
        before.observe(List.of(oldKey, newKey), T0);
        before.observe(List.of(newKey), T0.plusSeconds(30));
        List<KeyTimeline.Entry> persisted = before.entries();

        KeyTimeline after = new KeyTimeline(RULES);
        Instant restart = T0.plusSeconds(3600);
        after.restore(persisted, restart);
        after.observe(List.of(ecKey), restart);
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
        KeyTimeline timeline = new KeyTimeline(new RotationRules(Duration.ZERO, MAX_AGE));
        timeline.observe(List.of(oldKey), T0);
        timeline.observe(List.of(newKey), T0.plusSeconds(1));
        assertEquals(List.of(newKey), timeline.publishedKeys());
    }

    @Test
    void everyPublishedKeyIsSafeToSignWithOnceItHasBeenPublishedForTheCacheMaxAge() {
        KeyTimeline timeline = new KeyTimeline(RULES);
        timeline.observe(List.of(oldKey), T0);
        timeline.observe(List.of(oldKey, newKey), T0.plusSeconds(600));
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
        KeyTimeline timeline = new KeyTimeline(RULES);
        List<String> warnings = timeline.restore(
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
        assertFalse(timeline.observe(List.of(), now.plus(RETENTION).minusSeconds(1)));
        assertTrue(timeline.observe(List.of(), now.plus(RETENTION)));
        assertEquals(List.of(ecKey), timeline.publishedKeys());
    }
}
