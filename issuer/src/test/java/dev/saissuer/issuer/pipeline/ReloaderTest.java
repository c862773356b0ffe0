package dev.saissuer.issuer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.Fixtures;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.KeySource;
import dev.saissuer.keys.LoadedKey;
import dev.saissuer.keys.PublishedKey;
import dev.saissuer.keys.RotationRules;
import dev.saissuer.keys.TimelineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one writer's rules, with in-memory sources and store and a clock moved by hand: no sleeps, no files. */
class ReloaderTest {
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration MAX_AGE = Duration.ofHours(1);
    private static final IssuerUrl ISSUER = IssuerUrl.parse("https://issuer.example.com", false);
    private static final IssuerConfig CONFIG = new IssuerConfig(ISSUER, ISSUER.defaultJwksUri());

    private final LoadedKey oldKey = key("rsa2048.pub.pem");
    private final LoadedKey newKey = key("rsa3072.pub.pem");
    private final TestClock clock = new TestClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final Publication publication = new Publication();
    private final MemorySource files = new MemorySource("sa.pub", oldKey);

    @Test
    void aRemovedKeyIsRetainedFromWhenItsAbsenceWasSeenAndThenDropped() {
        Reloader reloader = start(null, files);
        files.holds(newKey);
        clock.advance(Duration.ofMinutes(5));
        Instant removedSeen = clock.instant();
        assertEquals(Reloader.Result.CHANGED, reloader.reload());
        assertEquals(List.of(newKey.kid(), oldKey.kid()), kids());
        assertEquals(removedSeen.plus(RETENTION), published(oldKey).retireAt().orElseThrow());

        clock.advance(RETENTION.minusSeconds(1));
        assertEquals(Reloader.Result.UNCHANGED, reloader.reload());
        assertEquals(2, publication.current().keys().size());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Reloader.Result.CHANGED, reloader.reload());
        assertEquals(List.of(newKey.kid()), kids());
    }

    @Test
    void aWallClockJumpForwardNeitherDropsNorStopsPersistingARetainedKey() {
        MemoryStore store = new MemoryStore();
        Reloader reloader = start(store, files);
        files.holds(newKey);
        clock.advance(Duration.ofMinutes(5));
        reloader.reload();
        clock.jumpWall(RETENTION.multipliedBy(3));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Reloader.Result.UNCHANGED, reloader.reload());
        assertEquals(List.of(newKey.kid(), oldKey.kid()), kids());
        assertEquals(
                List.of(newKey.kid(), oldKey.kid()),
                store.state().entries().stream().map(e -> e.key().kid()).toList());
        clock.advance(RETENTION);
        assertEquals(Reloader.Result.CHANGED, reloader.reload());
        assertEquals(List.of(newKey.kid()), kids());
    }

    @Test
    void aFailingSourceKeepsItsLastGoodKeysAndRecoversByItself() {
        MemorySource upstream = new MemorySource("upstream", newKey);
        Reloader reloader = start(null, files, upstream);
        upstream.fails("connection refused");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Reloader.Result.FAILED, reloader.reload());
        PublishedState state = publication.current();
        assertEquals(List.of(oldKey.kid(), newKey.kid()), kids());
        assertEquals(1, state.failingSources());
        SourceHealth health = state.sources().get(1);
        assertEquals("connection refused", health.error());
        assertEquals(clock.instant(), health.errorSince());
        assertEquals(clock.instant().minusSeconds(5), health.lastSuccess());

        clock.advance(Duration.ofSeconds(5));
        reloader.reload();
        assertEquals(
                clock.instant().minusSeconds(5),
                publication.current().sources().get(1).errorSince());

        upstream.holds(newKey);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Reloader.Result.UNCHANGED, reloader.reload());
        assertEquals(0, publication.current().failingSources());
        assertEquals(clock.instant(), publication.current().lastSuccessfulReload());
    }

    @Test
    void whateverASourceThrowsIsRecordedAsItsFailure() {
        Reloader reloader = start(null, files);
        files.throwsError(new StackOverflowError());
        assertEquals(Reloader.Result.FAILED, reloader.reload());
        assertEquals(
                "java.lang.StackOverflowError",
                publication.current().sources().get(0).error());
        assertEquals(List.of(oldKey.kid()), kids());
    }

    @Test
    void aReloadThatWouldPublishNothingKeepsTheLastDocuments() {
        Reloader reloader = start(null, files);
        PublishedState before = publication.current();
        files.holds();
        clock.advance(RETENTION.plusSeconds(1));
        reloader.reload();
        clock.advance(RETENTION.plusSeconds(1));
        assertEquals(Reloader.Result.FAILED, reloader.reload());
        assertSame(before.documents(), publication.current().documents());
        assertEquals(1, publication.current().documents().keys().size());
    }

    @Test
    void documentsAreRenderedOnlyWhenThePublishedSetChanges() {
        Reloader reloader = start(null, files);
        PublishedState first = publication.current();
        clock.advance(Duration.ofSeconds(5));
        reloader.reload();
        PublishedState second = publication.current();
        assertSame(first.documents(), second.documents());
        assertSame(first.jwks(), second.jwks());
        assertEquals(new ReloadCounts(0, 1, 0), second.reloads());
    }

    @Test
    void everyPublishedKeyIsSafeToSignWithOneCacheMaxAgeAfterItsFirstPublication() {
        Reloader reloader = start(null, files);
        Instant start = clock.instant();
        clock.advance(Duration.ofMinutes(10));
        files.holds(oldKey, newKey);
        reloader.reload();
        assertEquals(start.plus(MAX_AGE), published(oldKey).safeToSignFrom());
        assertEquals(clock.instant().plus(MAX_AGE), published(newKey).safeToSignFrom());
        assertFalse(published(newKey).safeToSign(clock.instant()));
    }

    @Test
    void aFailedSaveIsRetriedOnEveryReloadUntilItSucceeds() {
        MemoryStore store = new MemoryStore();
        Reloader reloader = start(store, files);
        store.failing(true);
        files.holds(oldKey, newKey);
        reloader.reload();
        assertEquals("disk full", publication.current().persistError());
        files.holds(newKey);
        reloader.reload();
        store.failing(false);
        assertEquals(Reloader.Result.UNCHANGED, reloader.reload());
        assertNull(publication.current().persistError());
        assertEquals(
                List.of(newKey.kid(), oldKey.kid()),
                store.state().entries().stream().map(e -> e.key().kid()).toList());
    }

    @Test
    void withAPersistedTimelineABrokenSourceAtStartServesTheRetainedKeys() {
        MemoryStore store = new MemoryStore();
        start(store, files);
        files.fails("sa.pub: block 1: not a key");
        clock.advance(Duration.ofMinutes(1));
        Publication restarted = new Publication();
        Reloader.start(CONFIG, List.of(files), rules(), store, clock, clock::nanos, restarted);
        PublishedState state = restarted.current();
        assertEquals(
                List.of(oldKey.kid()),
                state.keys().stream().map(PublishedKey::kid).toList());
        assertFalse(state.keys().get(0).current());
        assertEquals(
                clock.instant().plus(RETENTION), state.keys().get(0).retireAt().orElseThrow());
        assertEquals("sa.pub: block 1: not a key", state.sources().get(0).error());
        assertNull(state.lastSuccessfulReload());
    }

    @Test
    void withoutAPersistedTimelineABrokenSourceAtStartIsAnError() {
        files.fails("sa.pub: block 1: not a key");
        BadInputException e = assertThrows(BadInputException.class, () -> start(new MemoryStore(), files));
        assertEquals("sa.pub: block 1: not a key", e.getMessage());
        assertNull(publication.current());
    }

    @Test
    void sinksAreToldOfEveryState() {
        List<PublishedState> seen = new ArrayList<>();
        publication.subscribe(seen::add);
        Reloader reloader = start(null, files);
        reloader.reload();
        assertEquals(2, seen.size());
        assertSame(publication.current(), seen.get(1));
        assertTrue(seen.get(0).renderedAt().compareTo(seen.get(1).renderedAt()) <= 0);
    }

    private Reloader start(TimelineStore store, KeySource... sources) {
        return Reloader.start(CONFIG, List.of(sources), rules(), store, clock, clock::nanos, publication);
    }

    private static RotationRules rules() {
        return new RotationRules(RETENTION, MAX_AGE);
    }

    private List<String> kids() {
        return publication.current().keys().stream().map(PublishedKey::kid).toList();
    }

    private PublishedKey published(LoadedKey key) {
        return publication.current().keys().stream()
                .filter(k -> k.kid().equals(key.kid()))
                .findFirst()
                .orElseThrow();
    }

    private static LoadedKey key(String fixture) {
        return KeyFiles.readPublicKeys(Fixtures.fixture(fixture)).get(0);
    }
}
