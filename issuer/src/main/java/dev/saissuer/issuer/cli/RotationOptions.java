package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.pipeline.RotationConfig;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.Durations;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The rotation flags, shared by every command that runs the pipeline ({@code serve}, {@code publish}). */
public final class RotationOptions {
    @Option(
            names = "--cache-max-age",
            paramLabel = "DURATION",
            defaultValue = Defaults.CACHE_MAX_AGE,
            description = "Cache-Control max-age of both documents (kube-apiserver sends 1h); a key is safe to sign"
                    + " with once it has been published this long.")
    String cacheMaxAge;

    @Option(
            names = "--key-retention",
            paramLabel = "DURATION",
            defaultValue = Defaults.KEY_RETENTION,
            description = "How long a key stays published after it leaves its sources.")
    String keyRetention;

    @Option(
            names = "--key-poll-interval",
            paramLabel = "DURATION",
            defaultValue = Defaults.KEY_POLL_INTERVAL,
            description = "How often the key sources are read again, besides file events and SIGHUP.")
    String keyPollInterval;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Directory where the key timeline is kept so retention survives restarts (public data only).")
    Path stateDir;

    public RotationConfig config() {
        return new RotationConfig(
                duration("--key-retention", keyRetention),
                duration("--cache-max-age", cacheMaxAge),
                duration("--key-poll-interval", keyPollInterval),
                stateDir);
    }

    static Duration duration(String flag, String text) {
        try {
            return Durations.parse(text);
        } catch (BadInputException e) {
            throw new BadInputException(flag + ": " + e.getMessage(), e);
        }
    }
}
