package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.pipeline.PublishedState;
import dev.saissuer.issuer.pipeline.ReloadTriggers;
import dev.saissuer.keys.KeySource;
import dev.saissuer.keys.LoadedKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code publish --watch}: a run whenever the published set may change (key-file events, every
 * {@code --key-poll-interval}, SIGHUP, the end of a retained key's window) and the keys differ from those last
 * published. Each run reads the bucket afresh, so another publisher's changes are merged, never overwritten. A
 * failure is logged once per distinct error and retried on the next trigger.
 */
public final class PublishWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishWatch.class);

    private final PublishConfig config;
    private final PublishRun run;
    private final Clock clock;
    private final Consumer<String> out;
    private final AtomicReference<PublishedState> latest = new AtomicReference<>();
    private final AtomicBoolean forced = new AtomicBoolean(true);
    private ReloadTriggers triggers;
    private List<String> published;
    private Optional<Instant> nextRetirement = Optional.empty();
    private String lastError;

    public PublishWatch(PublishConfig config, PublishRun run, Clock clock, Consumer<String> out) {
        this.config = config;
        this.run = run;
        this.clock = clock;
        this.out = out;
    }

    /** Publishes once now, then on every trigger. */
    public synchronized void start() {
        List<Path> watched = new ArrayList<>();
        config.sources().forEach(s -> watched.addAll(s.watchedPaths()));
        check();
        triggers = new ReloadTriggers(watched, config.rotation().keyPollInterval(), List.of(this::check));
    }

    /** SIGHUP: publish on the next trigger even if the keys look the same. */
    public void requestPublish() {
        forced.set(true);
        if (triggers != null) {
            triggers.requestReload();
        }
    }

    /** The state of the last successful run, for status and metrics (null before the first). */
    public PublishedState latest() {
        return latest.get();
    }

    private synchronized void check() {
        List<String> kids = currentKids();
        boolean due = nextRetirement.map(t -> !clock.instant().isBefore(t)).orElse(false);
        if (!forced.get() && !due && kids != null && kids.equals(published)) {
            return;
        }
        forced.set(false);
        try {
            PublishRun.Outcome outcome = run.run();
            outcome.lines().forEach(out);
            published = kids;
            nextRetirement = outcome.nextRetirement();
            latest.set(outcome.state());
            if (lastError != null) {
                LOG.info("publishing to {} works again", config.location());
            }
            lastError = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!message.equals(lastError)) {
                LOG.error(
                        "publishing to {} failed, retrying on the next change or poll: {}", config.location(), message);
            }
            lastError = message;
            forced.set(true);
        }
    }

    /** The kids the sources hold now, or null when one cannot be read (the run then reports it). */
    private List<String> currentKids() {
        List<String> kids = new ArrayList<>();
        for (KeySource source : config.sources()) {
            try {
                source.read().stream().map(LoadedKey::kid).forEach(kids::add);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return kids;
    }

    @Override
    public synchronized void close() {
        if (triggers != null) {
            triggers.close();
        }
    }
}
