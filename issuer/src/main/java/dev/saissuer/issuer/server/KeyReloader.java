package dev.saissuer.issuer.server;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.KeyTimeline;
import dev.saissuer.keys.LoadedKey;
import dev.saissuer.keys.TimelineStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of what is published: reads every key source, feeds the timeline, renders a complete new
 * snapshot when the published set changes and swaps it in whole. A failing source keeps its last good keys;
 * a reload that would publish nothing keeps the last snapshot. Each distinct error is logged once.
 */
public final class KeyReloader {
    private static final Logger LOG = LoggerFactory.getLogger(KeyReloader.class);

    /** The result of one reload, for metrics. */
    public enum Result {
        CHANGED,
        UNCHANGED,
        FAILED
    }

    private final ServeConfig config;
    private final Clock clock;
    private final KeyTimeline timeline;
    private final TimelineStore store;
    private final AtomicReference<Snapshot> published = new AtomicReference<>();
    private final Consumer<Result> onReload;
    private List<SourceState> sources;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile String persistError;
    private volatile Instant lastSuccessfulReload;

    private KeyReloader(ServeConfig config, Clock clock, Consumer<Result> onReload) {
        this.config = config;
        this.clock = clock;
        this.onReload = onReload;
        this.timeline = new KeyTimeline(config.keyRetention());
        this.store = config.stateDir() == null ? null : new TimelineStore(config.stateDir());
    }

    /** Loads every source strictly: at startup a broken source is an error, not a warning. */
    public static KeyReloader start(ServeConfig config, Clock clock, Consumer<Result> onReload) {
        KeyReloader reloader = new KeyReloader(config, clock, onReload);
        Instant now = clock.instant();
        List<SourceState> initial = new ArrayList<>();
        for (Path source : config.keySources()) {
            initial.add(SourceState.loaded(source, KeyFiles.readPublicKeys(source, reloader::warnOnce), now));
        }
        reloader.sources = initial;
        if (reloader.store != null) {
            reloader.timeline.restore(reloader.store.load(), now);
        }
        reloader.timeline.observe(currentKeys(initial), now);
        reloader.publish(now);
        reloader.persist();
        reloader.lastSuccessfulReload = now;
        return reloader;
    }

    public Snapshot current() {
        return published.get();
    }

    public ServeConfig config() {
        return config;
    }

    public Instant lastSuccessfulReload() {
        return lastSuccessfulReload;
    }

    public String persistError() {
        return persistError;
    }

    /** Re-reads every source; called by the watcher, the poll timer and SIGHUP, one at a time. */
    public synchronized Result reload() {
        Instant now = clock.instant();
        List<SourceState> next = new ArrayList<>(sources.size());
        boolean failed = false;
        for (SourceState source : sources) {
            SourceState read = read(source, now);
            failed |= !read.healthy();
            next.add(read);
        }
        sources = next;
        boolean changed = timeline.observe(currentKeys(next), now);
        Result result;
        if (changed) {
            result = publish(now) ? Result.CHANGED : Result.FAILED;
            persist();
        } else {
            published.set(published.get().withSources(next));
            result = failed ? Result.FAILED : Result.UNCHANGED;
        }
        if (!failed && result != Result.FAILED) {
            lastSuccessfulReload = now;
        }
        onReload.accept(result);
        return result;
    }

    private SourceState read(SourceState source, Instant now) {
        try {
            List<LoadedKey> keys = KeyFiles.readPublicKeys(source.path(), this::warnOnce);
            if (!source.healthy()) {
                LOG.info("key source {} recovered: {} key(s)", source.path(), keys.size());
            }
            return SourceState.loaded(source.path(), keys, now);
        } catch (BadInputException e) {
            if (!e.getMessage().equals(source.error())) {
                LOG.warn(
                        "key source {} failed, keeping its last good {} key(s) published: {}",
                        source.path(),
                        source.lastGood().size(),
                        e.getMessage());
            }
            return source.failed(e.getMessage(), now);
        }
    }

    private void warnOnce(String warning) {
        if (warned.add(warning)) {
            LOG.warn(warning);
        }
    }

    private boolean publish(Instant now) {
        List<LoadedKey> keys = timeline.publishedKeys();
        Snapshot before = published.get();
        if (keys.isEmpty()) {
            if (before != null) {
                LOG.error(
                        "no key left to publish; keeping the last published set of {} key(s)",
                        before.documents().keys().size());
                published.set(before.withSources(sources));
                return false;
            }
            throw new BadInputException("no keys to publish");
        }
        IssuerDocuments documents = IssuerDocuments.render(config.issuer(), config.jwksUri(), keys);
        published.set(Snapshot.of(documents, config.cacheMaxAge().getSeconds(), timeline.entries(), sources, now));
        if (before != null) {
            LOG.info("published {}", describe(timeline.entries()));
        }
        return true;
    }

    private void persist() {
        if (store == null) {
            return;
        }
        try {
            store.save(timeline.entries(), timeline.retention());
            if (persistError != null) {
                LOG.info("state directory {} writable again", config.stateDir());
            }
            persistError = null;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!message.equals(persistError)) {
                LOG.warn(
                        "cannot save the key timeline to {} (retention will not survive a restart until fixed): {}",
                        store.file(),
                        message);
            }
            persistError = message;
        }
    }

    /** "kids A (current), B (retained until T)": the one-line account of a publication. */
    public static String describe(List<KeyTimeline.Entry> entries) {
        StringBuilder out = new StringBuilder();
        for (KeyTimeline.Entry e : entries) {
            out.append(out.length() == 0 ? "kids " : ", ")
                    .append(e.key().kid())
                    .append(' ')
                    .append(e.key().algorithm());
            out.append(e.current() ? " (current)" : " (retained, last seen " + e.lastSeen() + ")");
        }
        return out.toString();
    }

    private static List<LoadedKey> currentKeys(List<SourceState> sources) {
        List<LoadedKey> keys = new ArrayList<>();
        sources.forEach(s -> keys.addAll(s.lastGood()));
        return keys;
    }
}
