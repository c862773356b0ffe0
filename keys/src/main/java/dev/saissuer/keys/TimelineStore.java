package dev.saissuer.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Persists the key timeline under {@code --state-dir} so that a restart in the middle of a rotation keeps
 * retained keys published. The file holds public data only (kid, algorithm, DER SubjectPublicKeyInfo, times)
 * and is replaced atomically; the directory is created 0700 and the file 0600 all the same.
 */
public final class TimelineStore {
    public static final String FILE_NAME = "timeline.json";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The persisted form of one timeline entry. */
    public record StoredKey(
            @JsonProperty("kid") String kid,
            @JsonProperty("alg") String alg,
            @JsonProperty("spki") String spki,
            @JsonProperty("origin") String origin,
            @JsonProperty("firstPublished") String firstPublished,
            @JsonProperty("lastSeen") String lastSeen,
            @JsonProperty("current") boolean current) {}

    /** The persisted file. */
    public record StoredTimeline(
            @JsonProperty("version") int version,
            @JsonProperty("keyRetention") String keyRetention,
            @JsonProperty("keys") List<StoredKey> keys) {}

    /** What a state directory holds: the timeline and the retention it was kept with. */
    public record State(List<KeyTimeline.Entry> entries, Duration retention) {}

    private final Path file;

    public TimelineStore(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The persisted entries, or none when there is no state yet. */
    public List<KeyTimeline.Entry> load() {
        return loadState().entries();
    }

    /** The persisted state, or an empty one when there is no state yet. */
    public State loadState() {
        StoredTimeline stored;
        try {
            stored = JSON.readValue(Files.readAllBytes(file), StoredTimeline.class);
        } catch (NoSuchFileException e) {
            return new State(List.of(), Duration.ZERO);
        } catch (IOException e) {
            throw new BadInputException(file + ": unreadable state file: " + PublicKeys.oneLine(e), e);
        }
        if (stored.version() != VERSION || stored.keys() == null) {
            throw new BadInputException(file + ": unsupported state file version " + stored.version());
        }
        List<KeyTimeline.Entry> entries = new ArrayList<>();
        for (StoredKey k : stored.keys()) {
            String origin = file + ": key " + k.kid();
            LoadedKey key;
            Instant firstPublished;
            Instant lastSeen;
            try {
                key = PublicKeys.check(
                        SubjectPublicKeyInfo.getInstance(Base64.getDecoder().decode(k.spki())),
                        k.origin() == null ? origin : k.origin());
                firstPublished = Instant.parse(k.firstPublished());
                lastSeen = Instant.parse(k.lastSeen());
            } catch (RuntimeException e) {
                if (e instanceof BadInputException bad) {
                    throw bad;
                }
                throw new BadInputException(origin + ": malformed state entry: " + PublicKeys.oneLine(e), e);
            }
            if (!key.kid().equals(k.kid())) {
                throw new BadInputException(origin + ": state entry's kid does not match its key");
            }
            entries.add(new KeyTimeline.Entry(key, firstPublished, lastSeen, k.current()));
        }
        return new State(
                entries, stored.keyRetention() == null ? Duration.ZERO : Durations.parse(stored.keyRetention()));
    }

    public void save(List<KeyTimeline.Entry> entries, Duration retention) throws IOException {
        List<StoredKey> keys = new ArrayList<>();
        for (KeyTimeline.Entry e : entries) {
            LoadedKey key = e.key();
            keys.add(new StoredKey(
                    key.kid(),
                    key.algorithm(),
                    Base64.getEncoder().encodeToString(key.publicKey().getEncoded()),
                    key.origin(),
                    e.firstPublished().toString(),
                    e.lastSeen().toString(),
                    e.current()));
        }
        SecureFiles.createDirectories(file.getParent(), SecureFiles.PRIVATE_DIR);
        SecureFiles.replace(
                file,
                JSON.writeValueAsBytes(new StoredTimeline(VERSION, Durations.format(retention), keys)),
                SecureFiles.PRIVATE);
    }
}
