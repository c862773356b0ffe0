package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.publish.PublishConfig;
import dev.saissuer.issuer.publish.PublishRun;
import dev.saissuer.issuer.publish.PublishWatch;
import dev.saissuer.issuer.server.AdminConfig;
import dev.saissuer.issuer.server.AdminServer;
import dev.saissuer.issuer.storage.ObjectStore;
import dev.saissuer.issuer.storage.ObjectStores;
import dev.saissuer.issuer.storage.StoreLocation;
import dev.saissuer.issuer.storage.StoreOptions;
import dev.saissuer.keys.BadInputException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {
            "Publish the discovery document and the JWKS to object storage (S3 and S3-compatible stores, Azure Blob),"
                    + " keeping retained keys published across runs; the timeline lives in the bucket.",
            "Credentials come from each SDK's standard chain (AWS: environment, profile, web identity; Azure:"
                    + " AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or"
                    + " AZURE_STORAGE_SAS_TOKEN, or workload identity), never from flags.",
            "Every flag can also be set from the environment: SA_ISSUER_ + the flag name in upper case with _ for -."
        })
final class PublishCommand implements Callable<Integer> {
    @Option(
            names = "--to",
            paramLabel = "URL",
            description = "Where to publish: s3://BUCKET[/PREFIX] or azblob://CONTAINER[/PREFIX].")
    String to;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description = "Endpoint of an S3-compatible store (path-style addressing) or of Azure Blob (Azurite).")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: from the SDK's chain).")
    String region;

    @Mixin
    IssuerOptions issuer;

    @Mixin
    KeySourceOptions keys;

    @Mixin
    UpstreamOptions upstream;

    @Mixin
    RotationOptions rotation;

    @Option(
            names = "--oauth-metadata",
            description = "Also write the discovery document as the RFC 8414 document, at the bucket's root:%n"
                    + ".well-known/oauth-authorization-server/PREFIX%n(outside the prefix: the publisher needs write"
                    + " access there too). Only for a bucket served at the root of the issuer's host: the issuer's"
                    + " path must be /PREFIX.")
    boolean oauthMetadata;

    @Option(names = "--dry-run", description = "Print the plan (kids and objects) and write nothing.")
    boolean dryRun;

    @Option(
            names = "--watch",
            description = "Keep running and publish on every change (key-file events, the poll, SIGHUP).")
    boolean watch;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        admin.configureLogging();
        PublishConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (ObjectStore store = ObjectStores.open(config.location(), config.storeOptions())) {
            PublishRun run = new PublishRun(config, store, clock);
            if (!watch) {
                run.run().lines().forEach(out::println);
                out.flush();
                return SaIssuerCommand.OK;
            }
            return watch(config, run, clock, out);
        }
    }

    private int watch(PublishConfig config, PublishRun run, Clock clock, PrintWriter out) throws Exception {
        AdminConfig adminConfig = admin.adminConfig();
        CountDownLatch stopped = new CountDownLatch(1);
        try (PublishWatch watcher = new PublishWatch(config, run, clock, line -> {
                    out.println(line);
                    out.flush();
                });
                AdminServer server = AdminServer.start(adminConfig, config.rotation(), watcher::latest, clock)) {
            Signals.onHangup(watcher::requestPublish);
            Signals.onTerminate(stopped::countDown);
            LoggerFactory.getLogger("sa-issuer")
                    .info(
                            "publishing {} to {} on every change (metrics {}:{})",
                            config.issuer().issuer(),
                            config.location(),
                            adminConfig.bindAddress(),
                            server.port());
            watcher.start();
            stopped.await();
        }
        return SaIssuerCommand.OK;
    }

    private PublishConfig config() {
        StoreLocation location = StoreLocation.parse(to);
        if (rotation.stateDir != null) {
            throw new BadInputException("--state-dir: publish keeps the key timeline in the bucket, under "
                    + location.describe(location.key("/.sa-issuer/timeline.json")));
        }
        if (dryRun && watch) {
            throw new BadInputException("--dry-run and --watch exclude each other");
        }
        if (watch) {
            admin.adminConfig(); // a bad --metrics-bind-address is refused before any store is contacted
        }
        SourceSelection selected = SourceSelection.of(issuer, keys, upstream, null);
        PublishConfig config = new PublishConfig(
                location,
                new StoreOptions(endpoint(), region, System.getenv()),
                selected.issuer(),
                selected.sources(),
                rotation.config(watch),
                oauthMetadata,
                dryRun);
        // Refuses a jwks_uri outside the issuer, or --oauth-metadata where the bucket cannot hold the RFC 8414
        // document, before any store is contacted.
        config.layout();
        return config;
    }

    private URI endpoint() {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(endpoint);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException | NumberFormatException e) {
            // Reported below. Java 17's java.net.URI throws the latter for https://[::1.2.3.99999999999].
        }
        throw new BadInputException("--endpoint \"" + endpoint + "\" must be an http or https URL with a host");
    }
}
