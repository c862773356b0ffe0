package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.KeyTimeline;
import dev.saissuer.keys.TimelineStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the timeline after each change and, while saving fails, again on every reload until it succeeds: a
 * key added and removed during a write outage must still be in the store before the next restart reads it.
 */
final class Persistence {
    private static final Logger LOG = LoggerFactory.getLogger(Persistence.class);

    private final TimelineStore store;
    private String error;

    Persistence(TimelineStore store) {
        this.store = store;
    }

    String error() {
        return error;
    }

    void retryIfFailing(KeyTimeline timeline) {
        if (error != null) {
            save(timeline);
        }
    }

    void save(KeyTimeline timeline) {
        if (store == null) {
            return;
        }
        try {
            store.save(timeline.entries(), timeline.rules().retention());
            if (error != null) {
                LOG.info("key timeline saved to {} again", store.location());
            }
            error = null;
        } catch (IOException | RuntimeException e) {
            String message = Reloader.message(e);
            if (!message.equals(error)) {
                LOG.warn(
                        "cannot save the key timeline to {} (retention will not survive a restart until fixed): {}",
                        store.location(),
                        message);
            }
            error = message;
        }
    }
}
