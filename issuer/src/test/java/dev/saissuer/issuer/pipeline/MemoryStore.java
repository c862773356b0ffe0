package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.KeyTimeline;
import dev.saissuer.keys.TimelineStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** A timeline store in memory whose writes the test can make fail. */
final class MemoryStore implements TimelineStore {
    private volatile State state = State.EMPTY;
    private volatile boolean failing;
    private int saves;

    void failing(boolean fail) {
        this.failing = fail;
    }

    State state() {
        return state;
    }

    int saves() {
        return saves;
    }

    @Override
    public State load() {
        return state;
    }

    @Override
    public void save(List<KeyTimeline.Entry> entries, Duration retention) throws IOException {
        saves++;
        if (failing) {
            throw new IOException("disk full");
        }
        state = new State(List.copyOf(entries), retention);
    }

    @Override
    public String location() {
        return "memory";
    }
}
