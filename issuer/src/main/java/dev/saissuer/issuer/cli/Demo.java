package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.pipeline.IssuerConfig;
import dev.saissuer.issuer.server.IssuerServer;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeyGeneration;
import dev.saissuer.keys.SecureFiles;
import dev.saissuer.keys.ServiceAccountToken;
import dev.saissuer.keys.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code serve --demo}: a first run with no flags. Makes (or reuses) a key pair in ./.sa-issuer-demo and
 * supplies what the other flags leave out: http://localhost:PORT as the issuer and the demo key as the signing
 * key. It always binds loopback, whatever {@code --bind-address} says, and prints the document URLs, a sample
 * token minted with the demo key, and commands to try. Never for production: the issuer is plain http.
 */
final class Demo {
    static final String DIRECTORY = ".sa-issuer-demo";
    static final String AUDIENCE = "sa-issuer-demo";
    static final String BIND_ADDRESS = "127.0.0.1";

    private final Path signingKey;
    private final IssuerUrl issuer;

    private Demo(Path signingKey, IssuerUrl issuer) {
        this.signingKey = signingKey;
        this.issuer = issuer;
    }

    static Demo prepare(int port) throws IOException {
        Path dir = Path.of(DIRECTORY);
        Path key = dir.resolve("sa.key");
        if (!Files.exists(key)) {
            SecureFiles.createDirectories(dir, SecureFiles.PRIVATE_DIR);
            KeyGeneration.PemPair pair = KeyGeneration.generate(KeyGeneration.KeyType.RSA);
            SecureFiles.createNew(key, pair.privatePem().getBytes(StandardCharsets.US_ASCII), SecureFiles.PRIVATE);
            SecureFiles.createNew(
                    dir.resolve("sa.pub"), pair.publicPem().getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC);
        }
        return new Demo(key, IssuerUrl.parse("http://localhost:" + port, true));
    }

    IssuerUrl issuer() {
        return issuer;
    }

    /**
     * The demo for the port the public listener actually bound: with {@code --port 0} the issuer URL is known
     * only after binding. The routes the listener was started with are the same, since the demo issuer has no
     * path and only paths route.
     */
    Demo boundTo(int port) {
        return new Demo(signingKey, IssuerUrl.parse("http://localhost:" + port, true));
    }

    Path signingKey() {
        return signingKey;
    }

    void printWelcome(IssuerServer server, IssuerConfig config, PrintWriter out) {
        IssuerUrl served = config.issuer();
        String token = ServiceAccountToken.mint(
                SigningKey.read(signingKey),
                new ServiceAccountToken.Request(
                        served, "default", "demo", List.of(AUDIENCE), Duration.ofHours(1), null, Instant.now()));
        String discovery = served.value().replaceAll("/$", "") + IssuerUrl.OPENID_CONFIGURATION_SUFFIX;
        out.printf(
                "%nsa-issuer demo: issuer %s (keys in ./%s; plain http on loopback, for trying only)%n",
                served, DIRECTORY);
        out.printf("  discovery: %s%n  jwks:      %s%n", discovery, config.jwksUri());
        out.printf(
                "%nA token for system:serviceaccount:default:demo, audience %s, valid 1h:%n%n%s%n%n", AUDIENCE, token);
        out.printf("Try:%n  curl -s %s%n  curl -s %s%n", discovery, config.jwksUri());
        out.printf("  curl -s http://127.0.0.1:%d/status%n", server.adminPort());
        out.printf(
                "  java -jar issuer/target/sa-issuer.jar verify --insecure-http-loopback --issuer %s --audience %s TOKEN%n%n",
                served, AUDIENCE);
        out.flush();
    }
}
