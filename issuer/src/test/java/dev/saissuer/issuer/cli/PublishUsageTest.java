package dev.saissuer.issuer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad usage of publish is exit 2 and one line naming the flag, before any store is contacted. */
class PublishUsageTest {
    @TempDir
    static Path dir;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "SA_ISSUER_TO=gs://b/p | sa-issuer: --to \"gs://b/p\": unknown scheme \"gs\" (expected s3:// or azblob://)",
                "SA_ISSUER_TO= | sa-issuer: --to is required: s3://BUCKET[/PREFIX] or azblob://CONTAINER[/PREFIX]",
                "SA_ISSUER_ENDPOINT=ftp://x | sa-issuer: --endpoint \"ftp://x\" must be an http or https URL with a host",
                "SA_ISSUER_ENDPOINT=https://[::1.2.3.99999999999] | sa-issuer: --endpoint \"https://[::1.2.3.99999999999]\" must be an http or https URL with a host",
                "SA_ISSUER_STATE_DIR=/tmp | sa-issuer: --state-dir: publish keeps the key timeline in the bucket, under s3://bucket/p/.sa-issuer/timeline.json",
                "SA_ISSUER_SERVICE_ACCOUNT_JWKS_URI=https://elsewhere.example/jwks | sa-issuer: --service-account-jwks-uri https://elsewhere.example/jwks must be under the issuer URL https://issuer.example/p for publish: the bucket prefix holds the issuer's objects only",
                "SA_ISSUER_WATCH=true | sa-issuer: --dry-run and --watch exclude each other",
            })
    void badUsageFromTheEnvironmentIsExit2AndOneLine(String variable, String message) throws Exception {
        Path key = dir.resolve("sa.pub");
        if (!Files.exists(key)) {
            CliRun.of("keygen", "--out", dir.resolve("sa.key").toString());
        }
        String[] pair = variable.split("=", 2);
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "SA_ISSUER_TO", "s3://bucket/p",
                "SA_ISSUER_SERVICE_ACCOUNT_ISSUER", "https://issuer.example/p",
                "SA_ISSUER_SERVICE_ACCOUNT_KEY_FILE", key.toString(),
                "SA_ISSUER_DRY_RUN", "true"));
        env.put(pair[0], pair[1]);
        CliRun run = CliRun.withEnvironment(env, "publish");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(message, run.err().strip());
    }

    /** From the environment as every flag; refused before any store is contacted (the bucket here does not exist). */
    @Test
    void oauthMetadataForAPathStyleIssuerIsExit2AndOneLine() throws Exception {
        Path key = dir.resolve("oauth.pub");
        if (!Files.exists(key)) {
            CliRun.of("keygen", "--out", dir.resolve("oauth.key").toString());
        }
        CliRun run = CliRun.withEnvironment(
                Map.of(
                        "SA_ISSUER_TO", "s3://issuer-bucket/prod",
                        "SA_ISSUER_SERVICE_ACCOUNT_ISSUER", "https://s3.eu-west-1.amazonaws.com/issuer-bucket/prod",
                        "SA_ISSUER_SERVICE_ACCOUNT_KEY_FILE", key.toString(),
                        "SA_ISSUER_ENDPOINT", "http://127.0.0.1:9",
                        "SA_ISSUER_OAUTH_METADATA", "true"),
                "publish");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(
                "sa-issuer: --oauth-metadata: the RFC 8414 document of"
                        + " https://s3.eu-west-1.amazonaws.com/issuer-bucket/prod is fetched from"
                        + " https://s3.eu-west-1.amazonaws.com/.well-known/oauth-authorization-server/issuer-bucket/prod,"
                        + " outside s3://issuer-bucket: the issuer's path \"/issuer-bucket/prod\" is not \"/prod\" (the"
                        + " --to prefix), so the bucket is not served at the root of the issuer's host; serve the"
                        + " bucket at a host of its own (virtual-hosted S3, a CDN or custom domain on the bucket root,"
                        + " an Azure static website) with the issuer https://HOST/prod, or drop --oauth-metadata",
                run.err().strip());
    }

    /**
     * A one-shot run reads its sources once, so a retention shorter than two polls is fine there (it reaches the
     * store, which fails here: exit 1); with --watch, which polls, it is refused as serve refuses it.
     */
    @Test
    void thePollIntervalNeedsToFitTheRetentionOnlyWhenWatching() throws Exception {
        Path key = dir.resolve("poll.pub");
        if (!Files.exists(key)) {
            CliRun.of("keygen", "--out", dir.resolve("poll.key").toString());
        }
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "SA_ISSUER_TO", "s3://bucket/p",
                "SA_ISSUER_SERVICE_ACCOUNT_ISSUER", "https://issuer.example/p",
                "SA_ISSUER_SERVICE_ACCOUNT_KEY_FILE", key.toString(),
                "SA_ISSUER_ENDPOINT", "http://127.0.0.1:9",
                "SA_ISSUER_KEY_RETENTION", "1s"));
        CliRun once = CliRun.withEnvironment(env, "publish");
        assertEquals(1, once.exitCode(), once.err());
        assertTrue(once.err().startsWith("sa-issuer: s3://bucket/p/"), once.err()); // failed at the store, not usage

        env.put("SA_ISSUER_WATCH", "true");
        CliRun watching = CliRun.withEnvironment(env, "publish");
        assertEquals(2, watching.exitCode(), watching.err());
        assertEquals(
                "sa-issuer: --key-poll-interval: 5s must be at most half of --key-retention (1s), so that a key"
                        + " leaving its source is seen while it is retained",
                watching.err().strip());
    }
}
