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
    private final LoadedKey oldKey =
            KeyFiles.readPublicKeys(Fixtures.fixture("rsa2048.pub.pem")).get(0);
    private final LoadedKey newKey =
            KeyFiles.readPublicKeys(Fixtures.fixture("rsa3072.pub.pem")).get(0);
    private final LoadedKey ecKey =
            KeyFiles.readPublicKeys(Fixtures.fixture("p256.pub.pem")).get(0);

    @Test
    void removedKeyStaysPublishedAfterCurrentKeysUntilRetentionEnds() {
        KeyTimeline timeline = new KeyTimeline(RETENTION);
        assertTrue(timeline.observe(List.of(oldKey), T0));
        assertTrue(timeline.observe(List.of(oldKey, newKey), T0.plusSeconds(60)));
        assertTrue(timeline.observe(List.of(newKey), T0.plusSeconds(120)));
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
        KeyTimeline.Entry retained = timeline.entry(oldKey.kid()).orElseThrow();
        assertFalse(retained.current());
        assertEquals(
                T0.plusSeconds(60).plus(RETENTION), retained.retireAt(RETENTION).orElseThrow());
        assertEquals(
                T0.plusSeconds(60).plus(RETENTION), timeline.nextRetirement().orElseThrow());

        assertFalse(timeline.observe(List.of(newKey), T0.plusSeconds(59).plus(RETENTION)));
        assertEquals(List.of(newKey, oldKey), timeline.publishedKeys());
        assertTrue(timeline.observe(List.of(newKey), T0.plusSeconds(60).plus(RETENTION)));
        assertEquals(List.of(newKey), timeline.publishedKeys());
    }

    @Test
    void firstPublishedIsKeptWhileAKeyStaysAndAReturningKeyIsCurrentAgain() {
        KeyTimeline timeline = new KeyTimeline(RETENTION);
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
        KeyTimeline timeline = new KeyTimeline(RETENTION);
        timeline.observe(List.of(oldKey, ecKey, oldKey), T0);
        assertEquals(List.of(oldKey, ecKey), timeline.publishedKeys());
    }

    @Test
    void restoredCurrentKeyMissingAfterRestartIsRetainedFromTheRestart() {
        KeyTimeline before = new KeyTimeline(RETENTION);
        before.observe(List.of(oldKey, newKey), T0);
        before.observe(List.of(newKey), T0.plusSeconds(30));
        List<KeyTimeline.Entry> persisted = before.entries();

        KeyTimeline after = new KeyTimeline(RETENTION);
        Instant restart = T0.plusSeconds(3600);
        after.restore(persisted, restart);
        after.observe(List.of(ecKey), restart);
        assertEquals(List.of(ecKey, newKey, oldKey), after.publishedKeys());
        // oldKey was already retained: its retire-at is unchanged by the restart.
        assertEquals(
                T0.plus(RETENTION),
                after.entry(oldKey.kid()).orElseThrow().retireAt(RETENTION).orElseThrow());
        // newKey was current when state was saved and is gone now: retained from the restart, never less.
        assertEquals(
                restart.plus(RETENTION),
                after.entry(newKey.kid()).orElseThrow().retireAt(RETENTION).orElseThrow());
    }

    @Test
    void zeroRetentionDropsAtOnce() {
        KeyTimeline timeline = new KeyTimeline(Duration.ZERO);
        timeline.observe(List.of(oldKey), T0);
        timeline.observe(List.of(newKey), T0.plusSeconds(1));
        assertEquals(List.of(newKey), timeline.publishedKeys());
    }
}
