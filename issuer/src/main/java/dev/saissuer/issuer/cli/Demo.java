package dev.saissuer.issuer.cli;

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
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code serve --demo}: a first run with no flags. Makes (or reuses) a key pair in ./.sa-issuer-demo, serves
 * http://localhost:PORT as the issuer on loopback, and prints the document URLs, a sample token minted with
 * the demo key, and commands to try. Never for production: the issuer is plain http.
 */
final class Demo {
    static final String DIRECTORY = ".sa-issuer-demo";
    static final String AUDIENCE = "sa-issuer-demo";

    private final Path signingKey;
    private final IssuerUrl issuer;
    private final PrintWriter out;

    private Demo(Path signingKey, IssuerUrl issuer, PrintWriter out) {
        this.signingKey = signingKey;
        this.issuer = issuer;
        this.out = out;
    }

    static Demo prepare(IssuerOptions issuerOptions, KeySourceOptions keys, int port, CommandSpec spec)
            throws IOException {
        Path dir = Path.of(DIRECTORY);
        Path key = dir.resolve("sa.key");
        if (!Files.exists(key)) {
            SecureFiles.createDirectories(dir, SecureFiles.PRIVATE_DIR);
            KeyGeneration.PemPair pair = KeyGeneration.generate(KeyGeneration.KeyType.RSA);
            SecureFiles.createNew(key, pair.privatePem().getBytes(StandardCharsets.US_ASCII), SecureFiles.PRIVATE);
            SecureFiles.createNew(
                    dir.resolve("sa.pub"), pair.publicPem().getBytes(StandardCharsets.US_ASCII), SecureFiles.PUBLIC);
        }
        if (issuerOptions.issuer == null) {
            issuerOptions.issuer = "http://localhost:" + port;
        }
        issuerOptions.insecureHttpLoopback = true;
        if (keys.keyFiles.isEmpty() && keys.signingKeyFile == null) {
            keys.signingKeyFile = key;
        }
        ServeCommand serve = (ServeCommand) spec.userObject();
        if (serve.bindAddress.equals("0.0.0.0")) {
            serve.bindAddress = "127.0.0.1";
        }
        return new Demo(key, issuerOptions.issuerUrl(), spec.commandLine().getOut());
    }

    void printWelcome(IssuerServer server) {
        String token = ServiceAccountToken.mint(
                SigningKey.read(signingKey),
                new ServiceAccountToken.Request(
                        issuer, "default", "demo", List.of(AUDIENCE), Duration.ofHours(1), null, Instant.now()));
        String discovery = issuer.value().replaceAll("/$", "") + IssuerUrl.OPENID_CONFIGURATION_SUFFIX;
        out.printf(
                "%nsa-issuer demo: issuer %s (keys in ./%s; plain http on loopback, for trying only)%n",
                issuer, DIRECTORY);
        out.printf(
                "  discovery: %s%n  jwks:      %s%n",
                discovery, server.reloader().config().jwksUri());
        out.printf(
                "%nA token for system:serviceaccount:default:demo, audience %s, valid 1h:%n%n%s%n%n", AUDIENCE, token);
        out.printf(
                "Try:%n  curl -s %s%n  curl -s %s%n",
                discovery, server.reloader().config().jwksUri());
        out.printf("  curl -s http://127.0.0.1:%d/status%n", server.adminPort());
        out.printf(
                "  java -jar issuer/target/sa-issuer.jar verify --insecure-http-loopback --issuer %s --audience %s TOKEN%n%n",
                issuer, AUDIENCE);
        out.flush();
    }
}
