package dev.saissuer.keys;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Where the key timeline is kept between runs, so that a restart (or the next run of a stateless publisher)
 * never drops a retained key early: a file under {@code --state-dir}, or an object beside the documents in
 * the bucket they are published to. Holds public data only.
 */
public interface TimelineStore {
    /** What a store holds: the timeline and the retention it was kept with. */
    record State(List<KeyTimeline.Entry> entries, Duration retention) {
        public static final State EMPTY = new State(List.of(), Duration.ZERO);
    }

    /** The persisted state, or {@link State#EMPTY} when there is none yet. */
    State load();

    void save(List<KeyTimeline.Entry> entries, Duration retention) throws IOException;

    /** Where the state is kept, for messages: a path or an object URL. */
    String location();
}
