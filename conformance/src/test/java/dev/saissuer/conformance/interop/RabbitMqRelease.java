package dev.saissuer.conformance.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A RabbitMQ release the interop suite runs, and how a private node of it starts on this machine: which of the
 * repository's config directories it runs, which settings point it at the sa-issuer under test, and the command
 * line. {@link RabbitMqNode} does the rest (ports, node name, data and log directories), the same for every release.
 */
interface RabbitMqRelease {
    /** For messages and logs, such as {@code RabbitMQ 3.10.8}. */
    String name();

    /** The directory under {@code compose/rabbitmq/} whose rabbitmq.conf and advanced.config this release runs. */
    String configDir();

    /** Whether the node finds the JWKS through the issuer's discovery document (else it is given the JWKS URL). */
    boolean discovers();

    boolean installed();

    /** The command that installs it ({@code .ci/setup.d}). */
    String howToInstall();

    /** The settings that name the sa-issuer under test; {@code caFile} is its CA as the node sees the file. */
    Map<String, String> issuerSettings(SaIssuerServer issuer, String caFile);

    /** A file of the node's directory {@code dir} as the node sees it (the node may run in a chroot). */
    String nodePath(Path dir, Path file);

    /** The command that runs {@code rabbitmq-server} in the foreground for the node whose directory is {@code dir}. */
    List<String> command(Path dir);

    /** Stops a node started with {@link #command}, and the epmd it started on {@code epmdPort}. */
    void stop(Process node, int epmdPort);

    /** Stops the node's epmd if it can outlive the node's process tree (epmd daemonizes); run at JVM exit too. */
    void stopPortMapper(int epmdPort);
}
