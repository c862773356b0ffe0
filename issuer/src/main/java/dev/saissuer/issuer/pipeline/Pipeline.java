package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.FileTimelineStore;
import dev.saissuer.keys.KeySource;
import dev.saissuer.keys.TimelineStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Sources, timeline and publication wired together: the reloader and what triggers it. {@code serve} and
 * {@code publish --watch} run one each; sinks subscribe to {@link #publication()}.
 */
public final class Pipeline implements AutoCloseable {
    private final List<KeySource> sources;
    private final RotationConfig rotation;
    private final Reloader reloader;
    private final Publication publication;
    private ReloadTriggers triggers;

    private Pipeline(List<KeySource> sources, RotationConfig rotation, Reloader reloader, Publication publication) {
        this.sources = List.copyOf(sources);
        this.rotation = rotation;
        this.reloader = reloader;
        this.publication = publication;
    }

    /** The timeline store {@code --state-dir} asks for, or null for none. */
    public static TimelineStore stateDirStore(RotationConfig rotation) {
        return rotation.stateDir() == null ? null : new FileTimelineStore(rotation.stateDir());
    }

    /** Reads every source once (strictly, see {@link Reloader#start}) and publishes into {@code publication}. */
    public static Pipeline start(
            IssuerConfig issuer,
            List<KeySource> sources,
            RotationConfig rotation,
            TimelineStore store,
            Clock clock,
            Publication publication) {
        Reloader reloader =
                Reloader.start(issuer, sources, rotation.rules(), store, clock, System::nanoTime, publication);
        return new Pipeline(sources, rotation, reloader, publication);
    }

    public Publication publication() {
        return publication;
    }

    /** Reloads now, on the caller's thread. */
    public Reloader.Result reload() {
        return reloader.reload();
    }

    /**
     * Starts reloading on file events and every {@code --key-poll-interval}; {@code alsoWatched} and
     * {@code alsoRun} add files and actions of the caller's (the TLS certificate and its reload).
     */
    public synchronized void watch(List<Path> alsoWatched, List<Runnable> alsoRun) {
        List<Path> paths = new ArrayList<>(alsoWatched);
        sources.forEach(s -> paths.addAll(s.watchedPaths()));
        List<Runnable> actions = new ArrayList<>();
        actions.add(reloader::reload);
        actions.addAll(alsoRun);
        triggers = new ReloadTriggers(paths, rotation.keyPollInterval(), actions);
    }

    /** Asks for a reload soon (SIGHUP); a no-op until {@link #watch} has started the triggers. */
    public synchronized void requestReload() {
        if (triggers != null) {
            triggers.requestReload();
        }
    }

    @Override
    public synchronized void close() {
        if (triggers != null) {
            triggers.close();
        }
    }
}
