package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.MediaTypes;
import dev.saissuer.issuer.storage.ObjectStore;
import dev.saissuer.issuer.storage.Precondition;
import dev.saissuer.issuer.storage.PreconditionFailedException;
import dev.saissuer.issuer.storage.StoredObject;
import dev.saissuer.keys.JwksDocument;
import dev.saissuer.keys.KeyTimeline;
import dev.saissuer.keys.LoadedKey;
import dev.saissuer.keys.TimelineCodec;
import dev.saissuer.keys.TimelineStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key timeline kept in the bucket beside the documents ({@link PublishLayout#STATE_OBJECT}), so that a
 * stateless run keeps the retention window of the runs before it. The JWKS in the bucket is what relying parties
 * have seen, so it is read too: a key in that JWKS but not in the timeline (no timeline yet, or one lost) counts
 * as published from now and is retained from now; a key in the timeline but not in that JWKS (a run that saved
 * the timeline and then failed) counts as first published now, so its safe-to-sign time is never too early.
 * Saving is conditional on the version read, where the store enforces conditions: a save that finds the object
 * changed by another publisher fails with {@link ConcurrentChangeException}, and the run starts again.
 */
final class BucketTimelineStore implements TimelineStore {
    static final String CACHE_CONTROL = "no-store";

    private final ObjectStore store;
    private final PublishLayout layout;
    private final Clock clock;
    private final boolean dryRun;
    private Optional<StoredObject> read = Optional.empty();
    private Optional<StoredObject> jwksRead = Optional.empty();
    private Optional<StoredObject> discoveryRead = Optional.empty();
    private Optional<StoredObject> authorizationServerMetadataRead = Optional.empty();
    private State stored = State.EMPTY;
    private boolean conflicted;
    private List<KeyTimeline.Entry> loaded = List.of();
    private int takenOver;
    private boolean existedAtLoad;
    private byte[] pending;

    BucketTimelineStore(ObjectStore store, PublishLayout layout, Clock clock, boolean dryRun) {
        this.store = store;
        this.layout = layout;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    /** Thrown by {@link #save} when another publisher changed the timeline since it was read. */
    static final class ConcurrentChangeException extends IOException {
        private static final long serialVersionUID = 1L;

        ConcurrentChangeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public State load() {
        Instant now = clock.instant();
        read = store.get(layout.stateKey());
        existedAtLoad = read.isPresent();
        stored = read.map(o -> TimelineCodec.decode(o.body(), location())).orElse(State.EMPTY);
        // The documents are read with the timeline and written on these versions only: a publisher that wrote
        // them since is never overwritten by documents rendered from an older timeline.
        jwksRead = store.get(layout.jwksKey());
        discoveryRead = store.get(layout.discoveryKey());
        authorizationServerMetadataRead =
                layout.authorizationServerMetadataKey().flatMap(store::get);
        List<LoadedKey> published = jwksRead.map(o -> JwksDocument.parse(o.body(), store.describe(layout.jwksKey())))
                .orElse(List.of());
        Map<String, LoadedKey> inJwks = new LinkedHashMap<>();
        published.forEach(k -> inJwks.putIfAbsent(k.kid(), k));
        List<KeyTimeline.Entry> entries = new ArrayList<>();
        for (KeyTimeline.Entry e : stored.entries()) {
            boolean seen = inJwks.remove(e.key().kid()) != null;
            entries.add(seen ? e : new KeyTimeline.Entry(e.key(), now, e.lastSeen(), e.current()));
        }
        takenOver = inJwks.size();
        // Marked current, so that restoring takes them as seen until now: retained from now at the least.
        inJwks.values().forEach(k -> entries.add(new KeyTimeline.Entry(k, now, now, true)));
        loaded = List.copyOf(entries);
        return new State(loaded, stored.retention());
    }

    /** The JWKS as {@link #load} read it. */
    Optional<StoredObject> jwksRead() {
        return jwksRead;
    }

    /** The discovery document as {@link #load} read it. */
    Optional<StoredObject> discoveryRead() {
        return discoveryRead;
    }

    /** The RFC 8414 document as {@link #load} read it (empty too when the layout has none). */
    Optional<StoredObject> authorizationServerMetadataRead() {
        return authorizationServerMetadataRead;
    }

    /** What {@link #load} returned: the bucket's timeline merged with its JWKS. */
    List<KeyTimeline.Entry> loaded() {
        return loaded;
    }

    /** How many keys of the bucket's JWKS were not in its timeline (all of them when there was none). */
    int takenOver() {
        return takenOver;
    }

    /** Whether the bucket held a timeline when {@link #load} read it (a save in this run does not count). */
    boolean existed() {
        return existedAtLoad;
    }

    @Override
    public void save(List<KeyTimeline.Entry> entries, Duration retention) throws IOException {
        if (read.isPresent() && sameTimeline(stored, entries, retention)) {
            pending = null;
            return;
        }
        byte[] body = TimelineCodec.encode(entries, retention);
        pending = body;
        if (dryRun) {
            return;
        }
        Precondition precondition =
                store.supportsConditionalWrites() ? Precondition.replacing(read) : Precondition.none();
        try {
            String etag = store.put(layout.stateKey(), body, MediaTypes.JSON, CACHE_CONTROL, precondition);
            read = Optional.of(new StoredObject(body, etag, MediaTypes.JSON, CACHE_CONTROL));
            stored = new State(List.copyOf(entries), retention);
            pending = null;
        } catch (PreconditionFailedException e) {
            conflicted = true;
            throw new ConcurrentChangeException(e.getMessage(), e);
        }
    }

    /** Whether the last save found the timeline changed by another publisher. */
    boolean conflicted() {
        return conflicted;
    }

    /**
     * Whether saving would change nothing that matters. A current key's last-seen time is not kept up to date:
     * the next run that misses the key takes it as seen until then (KeyTimeline#restore), which is later, so an
     * unchanged timeline is not rewritten on every run.
     */
    private static boolean sameTimeline(State stored, List<KeyTimeline.Entry> entries, Duration retention) {
        if (!stored.retention().equals(retention) || stored.entries().size() != entries.size()) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            KeyTimeline.Entry a = stored.entries().get(i);
            KeyTimeline.Entry b = entries.get(i);
            if (!a.key().kid().equals(b.key().kid())
                    || !a.firstPublished().equals(b.firstPublished())
                    || a.current() != b.current()
                    || (!b.current() && !a.lastSeen().equals(b.lastSeen()))) {
                return false;
            }
        }
        return true;
    }

    /** The timeline a dry run would have written (null when it would write nothing). */
    byte[] pending() {
        return pending;
    }

    @Override
    public String location() {
        return store.describe(layout.stateKey());
    }
}
