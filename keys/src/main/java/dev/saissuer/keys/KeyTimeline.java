package dev.saissuer.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The rotation model: which keys are published and until when. A key in the sources is current; a key that
 * leaves them stays published (retained) for the retention window from the moment its absence was seen, so
 * that tokens it signed keep verifying, and is then dropped. Current keys come first, in source order; retained
 * keys keep their place after them. Not thread-safe: one reloader owns it.
 *
 * <p>A retained key is dropped only when both the wall clock and the process's monotonic clock say its window is
 * over. The wall clock alone can jump (an NTP step, a VM resumed after days, a bad RTC at boot) and would then
 * retire every retained key at the next poll and persist that, breaking tokens that are still valid. The
 * monotonic clock does not survive a restart, so a key restored from the state file gets the window the wall
 * clock leaves it at the restart, counted on the monotonic clock from then on.
 */
public final class KeyTimeline {
    /** One published key and its history. {@code lastSeen} is when a retained key was last in the sources. */
    public record Entry(LoadedKey key, Instant firstPublished, Instant lastSeen, boolean current) {}

    private final RotationRules rules;
    private final LongSupplier monotonicNanos;
    private Map<String, Entry> entries = new LinkedHashMap<>();
    /** For each retained kid: the monotonic time (as {@link System#nanoTime()}) its retention ends. */
    private Map<String, Long> monotonicRetireAt = new LinkedHashMap<>();

    private Instant lastWall;
    private long lastNanos;
    private String clockJump;

    /** {@code monotonicNanos} is {@link System#nanoTime()} in production; tests pass a source they move by hand. */
    public KeyTimeline(RotationRules rules, LongSupplier monotonicNanos) {
        this.rules = rules;
        this.monotonicNanos = monotonicNanos;
    }

    public RotationRules rules() {
        return rules;
    }

    /** How far ahead of this clock a persisted time may be before it counts as impossible (another node's clock). */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /**
     * Restores a persisted timeline at startup and returns one warning per time it had to correct. A key that was
     * current before the restart and is missing now is taken as seen until {@code now}: the process cannot know
     * when its file went away, and assuming "just now" can only keep it longer, never drop it early. Times from
     * the future (beyond {@link #CLOCK_SKEW}) are impossible and become {@code now}: a {@code lastSeen} in year
     * 9999 would keep a key published for ever, a {@code firstPublished} ahead would delay its safe-to-sign time
     * without bound. So no restored key is retained for longer than the retention from now.
     */
    public List<String> restore(Collection<Entry> persisted, Instant now) {
        List<String> warnings = new ArrayList<>();
        Instant latest = now.plus(CLOCK_SKEW);
        Map<String, Entry> restored = new LinkedHashMap<>();
        for (Entry e : persisted) {
            Instant first = e.firstPublished();
            Instant last = e.lastSeen();
            if (first.isAfter(latest)) {
                warnings.add(
                        "key " + e.key().kid() + ": firstPublished " + first + " is in the future; taken as " + now);
                first = now;
            }
            if (last.isAfter(latest)) {
                warnings.add("key " + e.key().kid() + ": lastSeen " + last + " is in the future; taken as " + now);
                last = now;
            }
            Entry entry = new Entry(e.key(), first, e.current() ? now : last, false);
            restored.put(e.key().kid(), entry);
        }
        long nanos = tick(now);
        Map<String, Long> monotonic = new LinkedHashMap<>();
        for (Entry e : restored.values()) {
            Duration left = Duration.between(now, retireAt(e).orElseThrow());
            monotonic.put(e.key().kid(), nanos + Math.max(0, left.toNanos()));
        }
        entries = restored;
        monotonicRetireAt = monotonic;
        return warnings;
    }

    /**
     * Records the keys the sources hold now; returns true when the published set or its states changed. A key
     * found missing is retained from {@code now}, the moment its absence is seen: it may have left at any time
     * since the previous scan, and counting from the earlier scan could drop it up to one poll early.
     */
    public boolean observe(List<LoadedKey> inSources, Instant now) {
        long nanos = tick(now);
        Map<String, Entry> next = new LinkedHashMap<>();
        Map<String, Long> monotonic = new LinkedHashMap<>();
        for (LoadedKey key : inSources) {
            Entry before = entries.get(key.kid());
            if (!next.containsKey(key.kid())) {
                next.put(key.kid(), new Entry(key, before == null ? now : before.firstPublished(), now, true));
            }
        }
        for (Entry before : entries.values()) {
            if (next.containsKey(before.key().kid())) {
                continue;
            }
            String kid = before.key().kid();
            Entry retained = before.current() ? new Entry(before.key(), before.firstPublished(), now, false) : before;
            long monotonicEnd = before.current()
                    ? nanos + rules.retention().toNanos()
                    : monotonicRetireAt.getOrDefault(
                            kid, nanos + rules.retention().toNanos());
            boolean wallOver = !retireAt(retained).orElseThrow().isAfter(now);
            boolean monotonicOver = nanos - monotonicEnd >= 0;
            if (!(wallOver && monotonicOver)) {
                next.put(kid, retained);
                monotonic.put(kid, monotonicEnd);
            }
        }
        boolean changed = !sameShape(entries, next);
        entries = next;
        monotonicRetireAt = monotonic;
        return changed;
    }

    /**
     * The warning for a wall-clock jump seen since the last call, once: the wall clock moved more than
     * {@link #CLOCK_SKEW} further or less far than the monotonic clock between two observations.
     */
    public Optional<String> takeClockJump() {
        Optional<String> jump = Optional.ofNullable(clockJump);
        clockJump = null;
        return jump;
    }

    /** Reads the monotonic clock and notes a wall-clock jump since the previous reading. */
    private long tick(Instant now) {
        long nanos = monotonicNanos.getAsLong();
        if (lastWall != null) {
            Duration wall = Duration.between(lastWall, now);
            Duration monotonic = Duration.ofNanos(nanos - lastNanos);
            Duration jump = wall.minus(monotonic);
            if (jump.abs().compareTo(CLOCK_SKEW) > 0) {
                clockJump = "the wall clock jumped " + (jump.isNegative() ? "back " : "forward ") + jump.abs()
                        + " (from " + lastWall + " to " + now + " while " + monotonic + " passed); retained keys"
                        + " are dropped only when the monotonic clock also says their retention is over";
            }
        }
        lastWall = now;
        lastNanos = nanos;
        return nanos;
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Every published key with its retire-at and safe-to-sign-from times, in publication order. */
    public List<PublishedKey> published() {
        return published(entries.values(), rules);
    }

    /** The same view of persisted entries, as {@code sa-issuer status --state-dir} shows them. */
    public static List<PublishedKey> published(Collection<Entry> entries, RotationRules rules) {
        List<PublishedKey> keys = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            keys.add(new PublishedKey(
                    e.key(),
                    e.firstPublished(),
                    e.lastSeen(),
                    e.current(),
                    retireAt(e, rules),
                    e.firstPublished().plus(rules.cacheMaxAge())));
        }
        return keys;
    }

    public List<LoadedKey> publishedKeys() {
        List<LoadedKey> keys = new ArrayList<>(entries.size());
        entries.values().forEach(e -> keys.add(e.key()));
        return keys;
    }

    public Optional<Entry> entry(String kid) {
        return Optional.ofNullable(entries.get(kid));
    }

    /** When a retained key will be dropped; empty for a current key. The one place this is computed. */
    public Optional<Instant> retireAt(Entry e) {
        return retireAt(e, rules);
    }

    private static Optional<Instant> retireAt(Entry e, RotationRules rules) {
        return e.current() ? Optional.empty() : Optional.of(e.lastSeen().plus(rules.retention()));
    }

    /** When the next retained key will be dropped, if any is retained. */
    public Optional<Instant> nextRetirement() {
        return nextRetirement(published());
    }

    public static Optional<Instant> nextRetirement(List<PublishedKey> keys) {
        return keys.stream()
                .map(PublishedKey::retireAt)
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }

    private static boolean sameShape(Map<String, Entry> a, Map<String, Entry> b) {
        if (!List.copyOf(a.keySet()).equals(List.copyOf(b.keySet()))) {
            return false;
        }
        for (Entry e : a.values()) {
            if (e.current() != b.get(e.key().kid()).current()) {
                return false;
            }
        }
        return true;
    }
}
