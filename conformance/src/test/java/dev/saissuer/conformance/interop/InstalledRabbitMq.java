package dev.saissuer.conformance.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian 12's rabbitmq-server 3.10.8 (Erlang 25), installed on this machine by {@code .ci/setup.d/rabbitmq.sh}.
 * 3.10 has no OIDC discovery: it is given the JWKS URL.
 */
record InstalledRabbitMq() implements RabbitMqRelease {
    static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

    @Override
    public String name() {
        return "RabbitMQ 3.10 (Debian 12)";
    }

    @Override
    public String configDir() {
        return "3.10";
    }

    @Override
    public boolean discovers() {
        return false;
    }

    @Override
    public boolean installed() {
        return Files.isExecutable(SERVER) && Files.isExecutable(ErlangPortMapper.EPMD);
    }

    @Override
    public String howToInstall() {
        return "bash .ci/setup.d/rabbitmq.sh";
    }

    @Override
    public Map<String, String> issuerSettings(SaIssuerServer issuer, String caFile) {
        return Map.of("auth_oauth2.jwks_url", issuer.jwksUrl(), "auth_oauth2.https.cacertfile", caFile);
    }

    @Override
    public String nodePath(Path dir, Path file) {
        return file.toString();
    }

    @Override
    public List<String> command(Path dir) {
        return List.of(SERVER.toString());
    }

    @Override
    public void stop(Process node, int epmdPort) {
        // rabbitmq-server traps SIGTERM and stops the Erlang VM cleanly; epmd daemonized, so it goes by its port.
        ChildProcesses.stop(node, Duration.ofSeconds(30));
        stopPortMapper(epmdPort);
    }

    @Override
    public void stopPortMapper(int epmdPort) {
        ErlangPortMapper.stop(epmdPort);
    }
}
