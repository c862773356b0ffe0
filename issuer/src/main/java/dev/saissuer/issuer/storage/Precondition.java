package dev.saissuer.issuer.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * The condition a write is made on (RFC 9110, section 13.1): none, {@code If-Match: ETAG} (replace only the
 * version that was read) or {@code If-None-Match: *} (create only if absent). A read-modify-write with these
 * loses no concurrent change.
 */
public record Precondition(String ifMatch, String ifNoneMatch) {
    private static final Precondition NONE = new Precondition(null, null);

    public static Precondition none() {
        return NONE;
    }

    public static Precondition ifMatch(String etag) {
        return new Precondition(Objects.requireNonNull(etag, "etag"), null);
    }

    public static Precondition ifAbsent() {
        return new Precondition(null, "*");
    }

    /** The precondition that replaces exactly {@code current}, or creates the object if there was none. */
    public static Precondition replacing(Optional<StoredObject> current) {
        return current.map(o -> ifMatch(o.etag())).orElseGet(Precondition::ifAbsent);
    }

    public boolean isNone() {
        return ifMatch == null && ifNoneMatch == null;
    }
}
