package dev.saissuer.keys;

import java.nio.file.Path;
import java.util.List;

/**
 * A place public keys come from: key files today, kube-apiserver's own JWKS when mirroring, an external
 * signer later. The pipeline reads every source on each reload and knows nothing else of them.
 */
public interface KeySource {
    /** How logs and status name this source, e.g. the file's path or the upstream URL. */
    String name();

    /**
     * The keys the source holds now, each with the kid it is published under.
     *
     * @throws BadInputException (or any other exception) when the source cannot be read: the pipeline then keeps
     *     this source's last good keys published
     */
    List<LoadedKey> read();

    /** Files whose change should trigger a reload soon, besides the periodic poll. */
    default List<Path> watchedPaths() {
        return List.of();
    }

    /** True for kube-apiserver's signing key file: status marks its keys as the signing keys. */
    default boolean signing() {
        return false;
    }
}
