package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.LoadedKey;
import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.KubeApiserverStandIn;
import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sa-issuer publish} as a user runs it, a real process against a real store, with relying parties
 * reading the documents from the store itself: each store's test runs these cases.
 */
abstract class PublishProcessContract {
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    static final String DISCOVERY = "/.well-known/openid-configuration";
    static final String JWKS = "/openid/v1/jwks";
    static final String STATE = "/.sa-issuer/timeline.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static PublishTarget target;

    @AfterAll
    static void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    /** Whether this store enforces conditional writes (so that concurrent publishers can be tested). */
    abstract boolean conditionalWrites();

    /** The error code the store answers a missing container with, and bad credentials with. */
    abstract String missingContainerCode();

    abstract String badCredentialsCode();

    List<String> publishArgs(String prefix, Path keys, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "publish",
                "--to",
                target.to(prefix),
                "--service-account-issuer",
                target.issuer(prefix),
                "--insecure-http-loopback",
                "--service-account-key-file",
                keys.toString(),
                "--cache-max-age",
                "60s"));
        args.addAll(target.flags());
        args.addAll(List.of(extra));
        return args;
    }

    JavaJar.Run publish(String prefix, Path keys, String... extra) throws Exception {
        return publishWith(target.environment(), prefix, keys, extra);
    }

    JavaJar.Run publishWith(Map<String, String> env, String prefix, Path keys, String... extra) throws Exception {
        return JavaJar.saIssuer()
                .run(dir, env, RUN_TIMEOUT, publishArgs(prefix, keys, extra).toArray(String[]::new));
    }

    static JavaJar.Run ok(JavaJar.Run ran) {
        assertEquals(0, ran.exitCode(), ran.report());
        return ran;
    }

    List<String> publishedKids(String prefix) throws Exception {
        PublishTarget.PublicObject jwks = target.fetch(target.issuer(prefix) + JWKS);
        assertEquals(200, jwks.status(), jwks.body());
        List<String> kids = new ArrayList<>();
        JSON.readTree(jwks.body())
                .path("keys")
                .forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    static void assertOneLine(JavaJar.Run ran, int exitCode, String... parts) {
        assertEquals(exitCode, ran.exitCode(), ran.report());
        String err = ran.err().strip();
        assertEquals(1, err.lines().count(), ran.report());
        for (String part : parts) {
            assertTrue(err.contains(part), "\"" + part + "\" not in: " + ran.report());
        }
    }

    @Test
    void firstPublishWritesWhatServeServesAndASecondRunWritesNothing() throws Exception {
        String prefix = "first";
        TestKeys.Pair key = TestKeys.write(TestKeys.Type.RSA, dir.resolve("first-keys"), "sa");
        JavaJar.Run first = ok(publish(prefix, key.publicKey().getParent()));
        assertTrue(first.out().contains("key " + key.kid() + ": added"), first.report());
        assertTrue(first.out().contains(STATE + ": no timeline yet"), first.report());

        String issuer = target.issuer(prefix);
        IssuerDocuments expected = IssuerDocuments.render(
                IssuerUrl.parse(issuer, true),
                IssuerUrl.parse(issuer, true).defaultJwksUri(),
                KeyFiles.readPublicKeys(key.publicKey()));
        PublishTarget.PublicObject discovery = target.fetch(issuer + DISCOVERY);
        assertEquals(200, discovery.status());
        assertEquals(new String(expected.discovery().bytes(), StandardCharsets.UTF_8), discovery.body());
        assertEquals("application/json", discovery.contentType());
        assertEquals("public, max-age=60", discovery.cacheControl());
        PublishTarget.PublicObject jwks = target.fetch(issuer + JWKS);
        assertEquals(200, jwks.status());
        assertEquals(new String(expected.jwks().bytes(), StandardCharsets.UTF_8), jwks.body());
        assertEquals("application/jwk-set+json", jwks.contentType());
        assertEquals("public, max-age=60", jwks.cacheControl());
        assertEquals(null, jwks.contentEncoding(), "the bytes are served as they are");
        assertEquals(null, discovery.contentEncoding(), "the bytes are served as they are");
        assertTrue(
                target.objects(prefix).contains(prefix + STATE),
                target.objects(prefix).toString());

        // A relying party: discovery from the issuer URL, then the JWKS it names, then the token's signature.
        String token = Tokens.mint(key, issuer);
        assertTrue(
                Tokens.verifies(token, target.fetch(jwksUri(discovery.body())).body()));
        ok(JavaJar.saIssuer()
                .run(
                        dir,
                        Map.of(),
                        RUN_TIMEOUT,
                        "verify",
                        "--issuer",
                        issuer,
                        "--audience",
                        "aud",
                        "--insecure-http-loopback",
                        token));

        String discoveryEtag = target.etag(prefix + DISCOVERY);
        String jwksEtag = target.etag(prefix + JWKS);
        JavaJar.Run second = ok(publish(prefix, key.publicKey().getParent()));
        assertTrue(second.out().contains("up to date"), second.report());
        assertEquals(discoveryEtag, target.etag(prefix + DISCOVERY));
        assertEquals(jwksEtag, target.etag(prefix + JWKS));
    }

    private static String jwksUri(String discovery) throws Exception {
        JsonNode document = JSON.readTree(discovery);
        return document.path("jwks_uri").asText();
    }

    @Test
    void removedKeyStaysPublishedUntilItsRetentionIsOver() throws Exception {
        String prefix = "rotation";
        Path keys = Files.createDirectories(dir.resolve("rotation-keys"));
        Path pairs = dir.resolve("rotation-pairs");
        TestKeys.Pair old = TestKeys.write(TestKeys.Type.RSA, pairs, "old");
        Files.copy(old.publicKey(), keys.resolve("old.pub"));
        ok(publish(prefix, keys, "--key-retention", "6s", "--key-poll-interval", "1s"));
        assertEquals(List.of(old.kid()), publishedKids(prefix));

        TestKeys.Pair next = TestKeys.write(TestKeys.Type.RSA, pairs, "next");
        Files.copy(next.publicKey(), keys.resolve("next.pub"));
        Files.delete(keys.resolve("old.pub"));
        JavaJar.Run rotated = ok(publish(prefix, keys, "--key-retention", "6s", "--key-poll-interval", "1s"));
        Instant retainedFrom = Instant.now();
        assertEquals(List.of(next.kid(), old.kid()), publishedKids(prefix));
        assertTrue(rotated.out().contains("key " + old.kid() + ": retained until"), rotated.report());
        assertTrue(Tokens.verifies(Tokens.mint(old, target.issuer(prefix)), fetchJwks(prefix)));

        // Past the window (counted from the end of the run that last saw the key, so surely past it).
        Thread.sleep(Math.max(
                0, Duration.between(Instant.now(), retainedFrom.plusSeconds(7)).toMillis()));
        JavaJar.Run dropped = ok(publish(prefix, keys, "--key-retention", "6s", "--key-poll-interval", "1s"));
        assertTrue(dropped.out().contains("key " + old.kid() + ": dropped"), dropped.report());
        assertEquals(List.of(next.kid()), publishedKids(prefix));
    }

    private String fetchJwks(String prefix) throws Exception {
        return target.fetch(target.issuer(prefix) + JWKS).body();
    }

    @Test
    void deletedStateObjectDropsNothingEarly() throws Exception {
        String prefix = "stateless";
        Path keys = dir.resolve("stateless-keys");
        TestKeys.Pair old = TestKeys.write(TestKeys.Type.RSA, keys, "old");
        ok(publish(prefix, keys));
        Files.delete(old.publicKey());
        Files.delete(old.privateKey());
        TestKeys.Pair next = TestKeys.write(TestKeys.Type.RSA, keys, "next");
        ok(publish(prefix, keys));
        assertEquals(List.of(next.kid(), old.kid()), publishedKids(prefix));

        target.delete(prefix + STATE);
        JavaJar.Run again = ok(publish(prefix, keys));
        assertEquals(List.of(next.kid(), old.kid()), publishedKids(prefix));
        assertTrue(again.out().contains("key " + old.kid() + ": retained until"), again.report());
        assertTrue(target.objects(prefix).contains(prefix + STATE));
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws Exception {
        String prefix = "dry";
        TestKeys.Pair key = TestKeys.write(TestKeys.Type.RSA, dir.resolve("dry-keys"), "sa");
        JavaJar.Run dry = ok(publish(prefix, key.publicKey().getParent(), "--dry-run"));
        assertTrue(dry.out().contains("key " + key.kid() + ": added"), dry.report());
        assertTrue(dry.out().contains(target.to(prefix) + JWKS + ": create"), dry.report());
        assertTrue(dry.out().contains(target.to(prefix) + DISCOVERY + ": create"), dry.report());
        assertTrue(dry.out().contains("dry run: nothing written"), dry.report());
        assertEquals(List.of(), target.objects(prefix));
    }

    @Test
    void missingContainerIsOneLineAndExit1() throws Exception {
        TestKeys.Pair key = TestKeys.write(TestKeys.Type.RSA, dir.resolve("missing-keys"), "sa");
        List<String> args = publishArgs("p", key.publicKey().getParent());
        args.set(args.indexOf("--to") + 1, target.missingContainerTo());
        assertOneLine(
                JavaJar.saIssuer().run(dir, target.environment(), RUN_TIMEOUT, args.toArray(String[]::new)),
                1,
                "sa-issuer: ",
                missingContainerCode());
    }

    @Test
    void refusedCredentialsAreOneLineAndExit1() throws Exception {
        TestKeys.Pair key = TestKeys.write(TestKeys.Type.RSA, dir.resolve("refused-keys"), "sa");
        assertOneLine(
                publishWith(
                        target.badCredentialsEnvironment(),
                        "refused",
                        key.publicKey().getParent()),
                1,
                badCredentialsCode());
        assertEquals(List.of(), target.objects("refused"));
    }

    @Test
    void badTargetIsUsageErrorExit2() throws Exception {
        TestKeys.Pair key = TestKeys.write(TestKeys.Type.RSA, dir.resolve("usage-keys"), "sa");
        List<String> args = publishArgs("p", key.publicKey().getParent());
        args.set(args.indexOf("--to") + 1, "gs://bucket/p");
        assertOneLine(
                JavaJar.saIssuer().run(dir, target.environment(), RUN_TIMEOUT, args.toArray(String[]::new)),
                2,
                "--to \"gs://bucket/p\": unknown scheme");
    }

    @Test
    void watchPublishesAKeyFileChange() throws Exception {
        String prefix = "watched";
        Path keys = dir.resolve("watched-keys");
        TestKeys.Pair first = TestKeys.write(TestKeys.Type.RSA, keys, "first");
        List<String> args = publishArgs(
                prefix, keys, "--watch", "--key-poll-interval", "1s", "--metrics-bind-address", "127.0.0.1:0");
        try (JavaJar.Running watcher =
                JavaJar.saIssuer().start(dir, target.environment(), args.toArray(String[]::new))) {
            watcher.await("the first key published", RUN_TIMEOUT, () -> kidsOrNone(prefix)
                    .contains(first.kid()));
            TestKeys.Pair second = TestKeys.write(TestKeys.Type.RSA, keys, "second");
            watcher.await("the added key published", RUN_TIMEOUT, () -> kidsOrNone(prefix)
                    .contains(second.kid()));
            assertTrue(watcher.process().isAlive(), watcher.output());
            // Status as for serve, on the admin listener whose port the start line names.
            Matcher port = Pattern.compile("\\(metrics [^:]+:(\\d+)\\)").matcher(watcher.output());
            assertTrue(port.find(), watcher.output());
            PublishTarget.PublicObject status = target.fetch("http://127.0.0.1:" + port.group(1) + "/status");
            assertEquals(200, status.status(), status.body());
            assertTrue(status.body().contains(second.kid()), status.body());
            assertEquals(
                    200,
                    target.fetch("http://127.0.0.1:" + port.group(1) + "/readyz")
                            .status());
        }
    }

    private List<String> kidsOrNone(String prefix) throws Exception {
        PublishTarget.PublicObject jwks = target.fetch(target.issuer(prefix) + JWKS);
        if (jwks.status() != 200) {
            return List.of();
        }
        List<String> kids = new ArrayList<>();
        JSON.readTree(jwks.body())
                .path("keys")
                .forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    @Test
    void concurrentPublishersOnOnePrefixLoseNothing() throws Exception {
        String prefix = "concurrent";
        if (!conditionalWrites()) {
            // Documented: where the store ignores conditional writes, one publisher per prefix; it says so.
            TestKeys.Pair key = TestKeys.write(TestKeys.Type.RSA, dir.resolve("concurrent-single"), "sa");
            JavaJar.Run ran = ok(publish(prefix, key.publicKey().getParent()));
            assertTrue(ran.out().contains("ignores conditional writes: run one publisher per prefix"), ran.report());
            return;
        }
        List<String> expected = new ArrayList<>();
        Path keysA = dir.resolve("concurrent-a");
        Path keysB = dir.resolve("concurrent-b");
        for (int round = 1; round <= 3; round++) {
            expected.add(TestKeys.write(TestKeys.Type.RSA, keysA, "a" + round).kid());
            expected.add(TestKeys.write(TestKeys.Type.RSA, keysB, "b" + round).kid());
            try (JavaJar.Running a = JavaJar.saIssuer()
                            .start(
                                    dir,
                                    target.environment(),
                                    publishArgs(prefix, keysA).toArray(String[]::new));
                    JavaJar.Running b = JavaJar.saIssuer()
                            .start(
                                    dir,
                                    target.environment(),
                                    publishArgs(prefix, keysB).toArray(String[]::new))) {
                assertTrue(a.process().waitFor(RUN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
                assertTrue(b.process().waitFor(RUN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(0, a.process().exitValue(), a.output());
                assertEquals(0, b.process().exitValue(), b.output());
            }
            List<String> published = publishedKids(prefix);
            for (String kid : expected) {
                assertTrue(published.contains(kid), "round " + round + ": " + kid + " lost from " + published);
            }
        }
        assertFalse(expected.isEmpty());
    }

    /** Where RFC 8414, section 3 puts the document: between the host and the issuer's path. */
    static final String OAUTH_METADATA = ".well-known/oauth-authorization-server/";

    /**
     * {@code --oauth-metadata} with the issuer of a bucket served at the root of its own host (virtual-hosted S3,
     * a CDN on the bucket root, a static website): the publisher never fetches the issuer, so a made-up host
     * serves for the write side. The plan lists the object; the run writes it at the bucket's root with the
     * discovery object's bytes and headers; the next run leaves it alone.
     */
    @Test
    void oauthMetadataIsTheDiscoveryObjectAtTheBucketRootAndWrittenOnce() throws Exception {
        String prefix = "oauth/cluster";
        String issuer = "https://issuer-bucket.store.test/" + prefix;
        String key = OAUTH_METADATA + prefix;
        TestKeys.Pair pair = TestKeys.write(TestKeys.Type.RSA, dir.resolve("oauth-keys"), "sa");
        List<String> args = withIssuer(publishArgs(prefix, pair.publicKey().getParent(), "--oauth-metadata"), issuer);

        JavaJar.Run dry = ok(run(args, "--dry-run"));
        assertTrue(
                dry.out().contains(target.to(prefix) + DISCOVERY + ": create\n" + target.to(key) + ": create"),
                dry.report());
        assertEquals(404, target.stored(key).status(), "a dry run writes nothing");

        JavaJar.Run first = ok(run(args));
        assertTrue(first.out().contains("published 3 document(s)"), first.report());
        PublishTarget.PublicObject discovery = target.stored(prefix + DISCOVERY);
        PublishTarget.PublicObject metadata = target.stored(key);
        assertEquals(200, metadata.status());
        IssuerUrl url = IssuerUrl.parse(issuer, false);
        IssuerDocuments expected =
                IssuerDocuments.render(url, url.defaultJwksUri(), KeyFiles.readPublicKeys(pair.publicKey()));
        assertEquals(new String(expected.discovery().bytes(), StandardCharsets.UTF_8), metadata.body());
        assertEquals(discovery.body(), metadata.body());
        assertEquals("application/json", metadata.contentType());
        assertEquals("public, max-age=60", metadata.cacheControl());
        assertEquals(null, metadata.contentEncoding(), "the bytes are stored as they are");

        String etag = target.etag(key);
        JavaJar.Run second = ok(run(args));
        assertTrue(second.out().contains(target.to(key) + ": unchanged"), second.report());
        assertTrue(second.out().contains("up to date"), second.report());
        assertEquals(etag, target.etag(key));
    }

    /**
     * A path-style issuer ({@code https://HOST/CONTAINER/PREFIX}, as path-style S3, an Azure container URL or
     * Google Cloud Storage give): its RFC 8414 URL falls outside the bucket, so the flag is usage error before
     * anything is read or written.
     */
    @Test
    void oauthMetadataForAPathStyleIssuerIsOneLineAndExit2() throws Exception {
        String prefix = "oauth-path-style";
        String to = target.to(prefix);
        String container = to.substring(to.indexOf("://") + 3, to.lastIndexOf("/" + prefix));
        String issuer = "https://store.test/" + container + "/" + prefix;
        TestKeys.Pair pair = TestKeys.write(TestKeys.Type.RSA, dir.resolve("oauth-path-style-keys"), "sa");
        List<String> args = withIssuer(publishArgs(prefix, pair.publicKey().getParent(), "--oauth-metadata"), issuer);
        assertOneLine(
                run(args),
                2,
                "sa-issuer: --oauth-metadata: the RFC 8414 document of " + issuer + " is fetched from"
                        + " https://store.test/.well-known/oauth-authorization-server/" + container + "/" + prefix,
                "the issuer's path \"/" + container + "/" + prefix + "\" is not \"/" + prefix + "\" (the --to prefix)",
                "serve the bucket at a host of its own");
        assertEquals(List.of(), target.objects(prefix));
        assertEquals(
                404, target.stored(OAUTH_METADATA + container + "/" + prefix).status());
    }

    private static List<String> withIssuer(List<String> args, String issuer) {
        args.set(args.indexOf("--service-account-issuer") + 1, issuer);
        return args;
    }

    private static JavaJar.Run run(List<String> args, String... extra) throws Exception {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(extra));
        return JavaJar.saIssuer().run(dir, target.environment(), RUN_TIMEOUT, all.toArray(String[]::new));
    }

    /**
     * The chart's publish mode: the keys come from kube-apiserver itself through {@code --upstream-url} (the
     * stand-in of MirrorProcessIT, which refuses any other bearer token), the issuer is learnt from it, and a key
     * it stops serving stays published by the next run.
     */
    @Test
    void upstreamKeysArePublishedUnderTheLearntIssuerAndRetainedAcrossRuns() throws Exception {
        String prefix = "upstream";
        String issuer = target.issuer(prefix);
        TestCa ca = TestCa.create();
        Path caFile = ca.writeCertificate(dir.resolve("upstream-ca.crt"));
        String token = "publisher-token-" + System.nanoTime();
        Path tokenFile = Files.writeString(dir.resolve("upstream-token"), token + "\n");
        LoadedKey first = upstreamKey("first");
        LoadedKey second = upstreamKey("second");
        try (KubeApiserverStandIn upstream = KubeApiserverStandIn.start(ca.serverContext(), "127.0.0.1")) {
            upstream.acceptOnly(token);
            List<String> args = new ArrayList<>(List.of(
                    "publish",
                    "--to",
                    target.to(prefix),
                    "--upstream-url",
                    upstream.url(),
                    "--upstream-token-file",
                    tokenFile.toString(),
                    "--upstream-ca-file",
                    caFile.toString(),
                    "--insecure-http-loopback",
                    "--cache-max-age",
                    "60s"));
            args.addAll(target.flags());
            String[] publish = args.toArray(String[]::new);

            serveUpstream(upstream, issuer, List.of(first));
            JavaJar.Run once = ok(JavaJar.saIssuer().run(dir, target.environment(), RUN_TIMEOUT, publish));
            assertTrue(once.out().contains("key " + first.kid() + ": added"), once.report());
            assertEquals(List.of(first.kid()), publishedKids(prefix));
            JsonNode discovery = JSON.readTree(target.fetch(issuer + DISCOVERY).body());
            assertEquals(issuer, discovery.path("issuer").asText(), "the issuer learnt from the upstream");

            serveUpstream(upstream, issuer, List.of(second)); // kube-apiserver rotated: the old key is gone
            JavaJar.Run again = ok(JavaJar.saIssuer().run(dir, target.environment(), RUN_TIMEOUT, publish));
            assertTrue(again.out().contains("key " + first.kid() + ": retained until"), again.report());
            assertTrue(again.out().contains("key " + second.kid() + ": added"), again.report());
            assertEquals(java.util.Set.of(first.kid(), second.kid()), java.util.Set.copyOf(publishedKids(prefix)));

            assertEquals(java.util.Set.of(token), upstream.seenTokens());
            assertFalse(once.report().contains(token) || again.report().contains(token), "the token is never printed");
        }
    }

    private LoadedKey upstreamKey(String name) throws Exception {
        return KeyFiles.readPublicKeys(TestKeys.write(TestKeys.Type.RSA, dir.resolve("upstream-keys-" + name), name)
                        .publicKey())
                .get(0);
    }

    /** The stand-in serves these keys in kube-apiserver's form, with its unreachable external jwks_uri. */
    private static void serveUpstream(KubeApiserverStandIn upstream, String issuer, List<LoadedKey> keys) {
        IssuerDocuments documents =
                IssuerDocuments.render(IssuerUrl.parse(issuer, true), KubeApiserverStandIn.EXTERNAL_JWKS_URI, keys);
        upstream.serve(documents.discovery().bytes(), documents.jwks().bytes());
    }
}
