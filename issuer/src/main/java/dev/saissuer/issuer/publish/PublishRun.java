package dev.saissuer.issuer.publish;

import dev.saissuer.issuer.pipeline.Pipeline;
import dev.saissuer.issuer.pipeline.Publication;
import dev.saissuer.issuer.pipeline.PublishedState;
import dev.saissuer.issuer.storage.ObjectStore;
import dev.saissuer.issuer.storage.ObjectStoreException;
import dev.saissuer.issuer.storage.PreconditionFailedException;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.KeySource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publication to the bucket, as an optimistic transaction: read the bucket's timeline and JWKS, run the
 * pipeline on them and the key sources, save the timeline, then write the JWKS and the discovery document (and,
 * with {@code --oauth-metadata}, the RFC 8414 document after it), each conditional on what was read. When
 * another publisher changed any of them in between, everything is read again and the run starts over (a few
 * times, then it fails), so neither publisher's keys are lost.
 */
public final class PublishRun {
    private static final Logger LOG = LoggerFactory.getLogger(PublishRun.class);
    static final int ATTEMPTS = 5;

    /** What a run did: the plan's lines, the objects written, and when the next retained key's window ends. */
    public record Outcome(
            List<String> lines, List<String> written, Optional<Instant> nextRetirement, PublishedState state) {}

    private final PublishConfig config;
    private final ObjectStore store;
    private final Clock clock;

    public PublishRun(PublishConfig config, ObjectStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.clock = clock;
    }

    public Outcome run() throws InterruptedException {
        PreconditionFailedException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return attempt();
            } catch (PreconditionFailedException e) {
                last = e;
                LOG.info("{}; reading the bucket again (attempt {} of {})", e.getMessage(), attempt + 1, ATTEMPTS);
                // A random pause, so two publishers that collided do not collide again in step.
                Thread.sleep(100L + (long) (Math.random() * 400 * attempt));
            }
        }
        throw new ObjectStoreException(
                config.location() + ": gave up after " + ATTEMPTS + " attempts, another publisher kept changing the"
                        + " objects: " + last.getMessage(),
                last);
    }

    private Outcome attempt() {
        PublishLayout layout = config.layout();
        // Strictly first: the pipeline would keep an unreadable source's keys as retained and start their
        // window, where a run of publish should fail (exit 2) and change nothing.
        config.sources().forEach(KeySource::read);
        BucketTimelineStore timeline = new BucketTimelineStore(store, layout, clock, config.dryRun());
        Publication publication = new Publication();
        if (!config.dryRun() && !store.supportsConditionalWrites()) {
            LOG.warn("{} ignores conditional writes: run one publisher per prefix", config.location());
        }
        try (Pipeline pipeline =
                Pipeline.start(config.issuer(), config.sources(), config.rotation(), timeline, clock, publication)) {
            PublishedState state = pipeline.publication().current();
            if (state.failingSources() > 0) {
                throw new BadInputException(state.sources().stream()
                        .filter(source -> !source.healthy())
                        .map(source -> source.name() + ": " + source.error())
                        .findFirst()
                        .orElseThrow());
            }
            if (timeline.conflicted()) {
                throw new PreconditionFailedException(timeline.location() + ": changed by another publisher", null);
            }
            if (state.persistError() != null) {
                throw new ObjectStoreException(state.persistError(), null);
            }
            List<String> lines = new ArrayList<>();
            if (!timeline.existed()) {
                lines.add(timeline.location() + ": no timeline yet"
                        + (timeline.takenOver() > 0
                                ? "; the " + timeline.takenOver()
                                        + " key(s) already in the JWKS count as published from now"
                                : ""));
            } else if (timeline.takenOver() > 0) {
                lines.add(timeline.location() + ": " + timeline.takenOver()
                        + " key(s) of the JWKS were not in the timeline; they count as published from now");
            }
            lines.addAll(KeyPlan.lines(timeline.loaded(), state.keys()));
            BucketPublisher publisher = new BucketPublisher(store, layout);
            List<PlannedObject> plan = publisher.plan(
                    state.documents(),
                    state.cacheControl(),
                    timeline.jwksRead(),
                    timeline.discoveryRead(),
                    timeline.authorizationServerMetadataRead());
            lines.addAll(publisher.describe(plan));
            Optional<Instant> nextRetirement = state.keys().stream()
                    .map(k -> k.retireAt())
                    .flatMap(Optional::stream)
                    .min(Instant::compareTo);
            if (config.dryRun()) {
                lines.add("dry run: nothing written");
                return new Outcome(lines, List.of(), nextRetirement, state);
            }
            List<String> written = publisher.write(plan);
            lines.add(
                    written.isEmpty()
                            ? config.location() + " is up to date: nothing written"
                            : "published " + written.size() + " document(s) to " + config.location());
            return new Outcome(lines, written, nextRetirement, state);
        }
    }
}
