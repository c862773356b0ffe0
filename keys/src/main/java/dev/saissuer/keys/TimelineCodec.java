package dev.saissuer.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The persisted form of a key timeline, shared by every {@link TimelineStore}: JSON holding public data only
 * (kid, algorithm, DER SubjectPublicKeyInfo, origin, times). Each key is checked again when read, as a key
 * file is; the kid is kept as stored, since a mirrored key's kid need not be the SPKI hash.
 */
public final class TimelineCodec {
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The persisted form of one timeline entry. */
    record StoredKey(
            @JsonProperty("kid") String kid,
            @JsonProperty("alg") String alg,
            @JsonProperty("spki") String spki,
            @JsonProperty("origin") String origin,
            @JsonProperty("firstPublished") String firstPublished,
            @JsonProperty("lastSeen") String lastSeen,
            @JsonProperty("current") boolean current) {}

    /** The persisted document. */
    record StoredTimeline(
            @JsonProperty("version") int version,
            @JsonProperty("keyRetention") String keyRetention,
            @JsonProperty("keys") List<StoredKey> keys) {}

    /** It holds public data only, so removing it loses no secret: only the retention of keys no longer in the sources. */
    private static final String WHAT_TO_DO =
            "repair it from a backup, or remove it to start a new timeline (keys no longer in the sources then stop"
                    + " being published)";

    private TimelineCodec() {}

    public static byte[] encode(List<KeyTimeline.Entry> entries, Duration retention) {
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
        try {
            return JSON.writeValueAsBytes(new StoredTimeline(VERSION, Durations.format(retention), keys));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes a stored timeline; {@code location} names the file or object in every error. */
    public static TimelineStore.State decode(byte[] bytes, String location) {
        StoredTimeline stored;
        try {
            stored = JSON.readValue(bytes, StoredTimeline.class);
        } catch (IOException e) {
            throw new BadInputException(
                    location + ": unreadable state file (" + PublicKeys.oneLine(e) + "); " + WHAT_TO_DO, e);
        }
        if (stored == null || stored.version() != VERSION || stored.keys() == null) {
            throw new BadInputException(location + ": not a version " + VERSION + " key timeline; " + WHAT_TO_DO);
        }
        List<KeyTimeline.Entry> entries = new ArrayList<>();
        for (StoredKey k : stored.keys()) {
            entries.add(entry(k, location));
        }
        return new TimelineStore.State(
                entries, stored.keyRetention() == null ? Duration.ZERO : Durations.parse(stored.keyRetention()));
    }

    private static KeyTimeline.Entry entry(StoredKey k, String location) {
        if (k == null || k.kid() == null || k.spki() == null) {
            throw new BadInputException(location + ": a key entry lacks its kid or spki; " + WHAT_TO_DO);
        }
        String origin = location + ": key " + k.kid();
        try {
            LoadedKey checked = PublicKeys.check(
                    SubjectPublicKeyInfo.getInstance(Base64.getDecoder().decode(k.spki())),
                    k.origin() == null ? origin : k.origin());
            LoadedKey key = new LoadedKey(k.kid(), checked.algorithm(), checked.publicKey(), checked.origin());
            return new KeyTimeline.Entry(
                    key, Instant.parse(k.firstPublished()), Instant.parse(k.lastSeen()), k.current());
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException(
                    origin + ": malformed state entry (" + PublicKeys.oneLine(e) + "); " + WHAT_TO_DO, e);
        }
    }
}
