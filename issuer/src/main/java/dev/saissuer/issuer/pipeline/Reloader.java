package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.KeySource;
import dev.saissuer.keys.KeyTimeline;
import dev.saissuer.keys.LoadedKey;
import dev.saissuer.keys.PublishedKey;
import dev.saissuer.keys.RotationRules;
import dev.saissuer.keys.TimelineStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of what is published: reads every key source, feeds the timeline, persists it, and publishes
 * a new {@link PublishedState}. Documents are rendered only when the published set changes; a failing source
 * keeps its last good keys, and a reload that would publish nothing keeps the last documents. Each distinct
 * error is logged once. Reloads run one at a time.
 */
public final class Reloader {
    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    /** The result of one reload, for metrics. */
    public enum Result {
        CHANGED,
        UNCHANGED,
        FAILED
    }

    private final IssuerConfig issuer;
    private final Clock clock;
    private final Publication publication;
    private final KeyTimeline timeline;
    private final Persistence persistence;
    private List<SourceHealth> sources;
    private IssuerDocuments documents;
    private ServedDocument discovery;
    private ServedDocument jwks;
    private Instant lastSuccessfulReload;
    private ReloadCounts counts = ReloadCounts.NONE;

    private Reloader(
            IssuerConfig issuer,
            RotationRules rules,
            TimelineStore store,
            Clock clock,
            LongSupplier monotonicNanos,
            Publication publication) {
        this.issuer = issuer;
        this.clock = clock;
        this.publication = publication;
        this.timeline = new KeyTimeline(rules, monotonicNanos);
        this.persistence = new Persistence(store);
    }

    /**
     * Reads every source and publishes the first state. Without a persisted timeline a source that cannot be
     * read is an error (exit 2 at start); with one, its keys are served as retained and the source is reported
     * failing until it recovers, so a restart in the middle of a rotation never crashloops on a broken file.
     * {@code monotonicNanos} ({@link System#nanoTime()} in production) guards retention against wall-clock jumps.
     */
    public static Reloader start(
            IssuerConfig issuer,
            List<KeySource> keySources,
            RotationRules rules,
            TimelineStore store,
            Clock clock,
            LongSupplier monotonicNanos,
            Publication publication) {
        Reloader reloader = new Reloader(issuer, rules, store, clock, monotonicNanos, publication);
        Instant now = clock.instant();
        List<KeyTimeline.Entry> persisted =
                store == null ? List.of() : store.load().entries();
        for (String warning : reloader.timeline.restore(persisted, now)) {
            LOG.warn("{}: {}", store.location(), warning);
        }
        List<SourceHealth> initial = new ArrayList<>();
        for (KeySource source : keySources) {
            try {
                initial.add(SourceHealth.loaded(source, source.read(), now));
            } catch (RuntimeException | StackOverflowError e) {
                if (persisted.isEmpty()) {
                    throw e instanceof BadInputException bad ? bad : new BadInputException(message(e), e);
                }
                LOG.warn(
                        "key source {} cannot be read at start; serving the {} key(s) of {} meanwhile: {}",
                        source.name(),
                        persisted.size(),
                        store.location(),
                        message(e));
                initial.add(SourceHealth.neverLoaded(source, message(e), now));
            }
        }
        reloader.sources = initial;
        reloader.timeline.observe(currentKeys(initial), now);
        if (reloader.timeline.publishedKeys().isEmpty()) {
            throw new BadInputException("no keys to publish");
        }
        reloader.render();
        reloader.persistence.save(reloader.timeline);
        if (initial.stream().allMatch(SourceHealth::healthy)) {
            reloader.lastSuccessfulReload = now;
        }
        reloader.publishState(now);
        return reloader;
    }

    /** Re-reads every source; called by the reload triggers (file events, the poll, SIGHUP), one at a time. */
    public synchronized Result reload() {
        Instant now = clock.instant();
        List<SourceHealth> next = new ArrayList<>(sources.size());
        boolean failed = false;
        for (SourceHealth source : sources) {
            SourceHealth read = read(source, now);
            failed |= !read.healthy();
            next.add(read);
        }
        sources = next;
        Result result = failed ? Result.FAILED : Result.UNCHANGED;
        boolean changed = timeline.observe(currentKeys(next), now);
        timeline.takeClockJump().ifPresent(LOG::warn);
        if (changed) {
            if (timeline.publishedKeys().isEmpty()) {
                LOG.error(
                        "no key left to publish; keeping the last published set of {} key(s)",
                        documents.keys().size());
                result = Result.FAILED;
            } else {
                if (!timeline.publishedKeys().equals(documents.keys())) {
                    render(); // a key that only went from current to retained changes no byte
                }
                LOG.info("published {}", describe(timeline.published()));
                result = failed ? Result.FAILED : Result.CHANGED;
            }
            persistence.save(timeline);
        } else {
            persistence.retryIfFailing(timeline);
        }
        if (result != Result.FAILED) {
            lastSuccessfulReload = now;
        }
        counts = counts.plus(result);
        publishState(now);
        return result;
    }

    private static SourceHealth read(SourceHealth source, Instant now) {
        String name = source.name();
        try {
            List<LoadedKey> keys = source.source().read();
            if (!source.healthy()) {
                LOG.info("key source {} recovered: {} key(s)", name, keys.size());
            }
            return SourceHealth.loaded(source.source(), keys, now);
        } catch (RuntimeException | StackOverflowError e) {
            // StackOverflowError: a deeply nested ASN.1 structure on a small thread stack; the poll must live on.
            String message = message(e);
            if (!message.equals(source.error())) {
                LOG.warn(
                        "key source {} failed, keeping its last good {} key(s) published: {}",
                        name,
                        source.lastGood().size(),
                        message);
            }
            return source.failed(message, now);
        }
    }

    private void render() {
        documents = IssuerDocuments.render(issuer.issuer(), issuer.jwksUri(), timeline.publishedKeys());
        discovery = ServedDocument.of(documents.discovery());
        jwks = ServedDocument.of(documents.jwks());
    }

    private void publishState(Instant now) {
        publication.publish(new PublishedState(
                issuer,
                documents,
                discovery,
                jwks,
                "public, max-age=" + timeline.rules().cacheMaxAge().toSeconds(),
                timeline.published(),
                List.copyOf(sources),
                lastSuccessfulReload,
                persistence.error(),
                counts,
                now));
    }

    /** "kids A RS256 (current), B ES256 (retained, last seen T)": the one-line account of a publication. */
    public static String describe(List<PublishedKey> keys) {
        StringBuilder out = new StringBuilder();
        for (PublishedKey k : keys) {
            out.append(out.length() == 0 ? "kids " : ", ")
                    .append(k.kid())
                    .append(' ')
                    .append(k.key().algorithm());
            out.append(k.current() ? " (current)" : " (retained, last seen " + k.lastSeen() + ")");
        }
        return out.toString();
    }

    static String message(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    private static List<LoadedKey> currentKeys(List<SourceHealth> sources) {
        List<LoadedKey> keys = new ArrayList<>();
        sources.forEach(s -> keys.addAll(s.lastGood()));
        return keys;
    }
}
