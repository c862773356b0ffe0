package dev.saissuer.conformance.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian 13's rabbitmq-server 4.0.5 (Erlang 27.3), which cannot be installed beside Debian 12's 3.10: it runs from
 * the trixie root file system {@code .ci/setup.d/rabbitmq4.sh} caches, through {@code .ci/rabbitmq4-chroot.sh}
 * (chroot, read-only, in private mount and pid namespaces; needs root). The node's directory is its {@code /mnt}.
 * 4.x finds the JWKS by OIDC discovery from {@code auth_oauth2.issuer}.
 */
record ChrootRabbitMq(Path rootfs) implements RabbitMqRelease {
    private static final Path INSIDE = Path.of("/mnt");

    /** The root file system where the setup script leaves it. */
    static ChrootRabbitMq cached() {
        String cache = System.getenv("SA_ISSUER_CACHE");
        Path base = cache == null || cache.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".cache", "sa-issuer")
                : Path.of(cache);
        return new ChrootRabbitMq(base.resolve("rabbitmq-4").resolve("rootfs"));
    }

    @Override
    public String name() {
        return "RabbitMQ 4.0 (Debian 13, chroot)";
    }

    @Override
    public String configDir() {
        return "4.x";
    }

    @Override
    public boolean discovers() {
        return true;
    }

    @Override
    public boolean installed() {
        return Files.isExecutable(rootfs.resolve("usr/lib/rabbitmq/bin/rabbitmq-server"))
                && Files.isExecutable(launcher())
                && "root".equals(System.getProperty("user.name"));
    }

    @Override
    public String howToInstall() {
        return "bash .ci/setup.d/rabbitmq4.sh, and run the test as root (chroot)";
    }

    @Override
    public Map<String, String> issuerSettings(SaIssuerServer issuer, String caFile) {
        return Map.of("auth_oauth2.issuer", issuer.issuer(), "auth_oauth2.https.cacertfile", caFile);
    }

    @Override
    public String nodePath(Path dir, Path file) {
        return INSIDE.resolve(dir.relativize(file)).toString();
    }

    @Override
    public List<String> command(Path dir) {
        return List.of(
                launcher().toString(), rootfs.toString(), dir.toString(), "/usr/lib/rabbitmq/bin/rabbitmq-server");
    }

    @Override
    public void stop(Process node, int epmdPort) {
        // Killing the launcher kills its pid namespace: the node, its epmd and its mounts go with it. The node's
        // data is a temporary directory, so no clean shutdown is needed.
        node.destroyForcibly();
        try {
            node.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stopPortMapper(int epmdPort) {
        // Nothing to do: epmd lives in the node's pid namespace, which ends with the launcher.
    }

    private static Path launcher() {
        return RepositoryFiles.root().resolve(".ci/rabbitmq4-chroot.sh");
    }
}
