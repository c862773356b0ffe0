package dev.saissuer.issuer.pipeline;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.KeySource;
import dev.saissuer.keys.LoadedKey;
import java.util.List;
import java.util.function.Supplier;

/** A key source held in memory: the test sets what it holds, or makes it fail with any throwable. */
final class MemorySource implements KeySource {
    private final String name;
    private volatile Supplier<List<LoadedKey>> reading;

    MemorySource(String name, LoadedKey... keys) {
        this.name = name;
        holds(keys);
    }

    void holds(LoadedKey... keys) {
        List<LoadedKey> list = List.of(keys);
        reading = () -> list;
    }

    void fails(String message) {
        reading = () -> {
            throw new BadInputException(message);
        };
    }

    void throwsError(Error error) {
        reading = () -> {
            throw error;
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<LoadedKey> read() {
        return reading.get();
    }
}
