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

    /** The shortest poll: below it a broken source would be re-read (and its error logged) without pause. */
    static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(100);

    static final Duration MAX_DURATION = Duration.ofDays(366);

    /**
     * The rotation config, refusing values that cannot work: a poll that would spin, a max-age that is not whole
     * seconds (Cache-Control counts seconds, so 500ms would be sent as 0 and every key would be "safe" at once),
     * and a retention that is not at least two polls (a key would be dropped before a poll saw it retained).
     */
    public RotationConfig config() {
        return config(true);
    }

    /**
     * The rotation config; {@code polling} false for a one-shot run (publish without --watch), which reads its
     * sources once, so the poll interval need not fit the retention.
     */
    public RotationConfig config(boolean polling) {
        Duration retention = within("--key-retention", keyRetention, Duration.ZERO, MAX_DURATION);
        Duration maxAge = within("--cache-max-age", cacheMaxAge, Duration.ZERO, MAX_DURATION);
        if (maxAge.getNano() != 0) {
            throw new BadInputException("--cache-max-age: " + cacheMaxAge
                    + " is not a whole number of seconds (Cache-Control max-age counts seconds)");
        }
        Duration poll = within("--key-poll-interval", keyPollInterval, MIN_POLL_INTERVAL, Duration.ofHours(1));
        if (polling && !retention.isZero() && retention.compareTo(poll.multipliedBy(2)) < 0) {
            throw new BadInputException("--key-poll-interval: " + keyPollInterval
                    + " must be at most half of --key-retention (" + keyRetention
                    + "), so that a key leaving its source is seen while it is retained");
        }
        return new RotationConfig(retention, maxAge, poll, stateDir);
    }

    /** A duration flag within [{@code min}, {@code max}], or one line naming the flag and the range. */
    static Duration within(String flag, String text, Duration min, Duration max) {
        Duration d = duration(flag, text);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new BadInputException(flag + ": " + text + " is out of range " + label(min) + " to " + label(max));
        }
        return d;
    }

    /** A bound as an operator would write it: 100ms, 1s, 1h. */
    private static String label(Duration d) {
        long ms = d.toMillis();
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    static Duration duration(String flag, String text) {
        try {
            return Durations.parse(text);
        } catch (BadInputException e) {
            throw new BadInputException(flag + ": " + e.getMessage(), e);
        }
    }
}
