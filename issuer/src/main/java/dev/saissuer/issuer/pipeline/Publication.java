package dev.saissuer.issuer.pipeline;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current published state and the sinks told of each new one. Only the reloader publishes; readers take
 * {@link #current()} (null until the first state) and never see a half-made state.
 */
public final class Publication {
    private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

    private final AtomicReference<PublishedState> current = new AtomicReference<>();
    private final List<Consumer<PublishedState>> sinks = new CopyOnWriteArrayList<>();

    public PublishedState current() {
        return current.get();
    }

    /** Tells {@code sink} of every state published from now on (and of the current one, if any). */
    public void subscribe(Consumer<PublishedState> sink) {
        sinks.add(sink);
        PublishedState now = current.get();
        if (now != null) {
            sink.accept(now);
        }
    }

    void publish(PublishedState next) {
        current.set(next);
        for (Consumer<PublishedState> sink : sinks) {
            try {
                sink.accept(next);
            } catch (RuntimeException e) {
                LOG.error("a sink failed on a new published state; the state stays published", e);
            }
        }
    }
}
