package dev.saissuer.issuer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.saissuer.keys.BadInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreLocationTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "s3://bucket                 | S3     | bucket    | ''         | bucket/.well-known/openid-configuration",
                "s3://bucket/                | S3     | bucket    | ''         | bucket/.well-known/openid-configuration",
                "s3://my.bucket-1/clusters/a | S3     | my.bucket-1 | clusters/a | my.bucket-1/clusters/a/.well-known/openid-configuration",
                "s3://bucket/a/b/            | S3     | bucket    | a/b        | bucket/a/b/.well-known/openid-configuration",
                "S3://bucket/p               | S3     | bucket    | p          | bucket/p/.well-known/openid-configuration",
                "azblob://container/prod     | AZBLOB | container | prod       | container/prod/.well-known/openid-configuration",
                "azblob://$web/prod          | AZBLOB | $web      | prod       | $web/prod/.well-known/openid-configuration",
            })
    void parses(String to, StoreLocation.Kind kind, String container, String prefix, String described) {
        StoreLocation location = StoreLocation.parse(to);
        assertEquals(kind, location.kind());
        assertEquals(container, location.container());
        assertEquals(prefix, location.prefix());
        assertEquals(
                kind.scheme() + "://" + described,
                location.describe(location.key("/.well-known/openid-configuration")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                      | --to is required: s3://BUCKET[/PREFIX] or azblob://CONTAINER[/PREFIX]",
                "bucket/prefix           | --to \"bucket/prefix\": expected s3://BUCKET[/PREFIX] or azblob://CONTAINER[/PREFIX]",
                "gs://bucket             | --to \"gs://bucket\": unknown scheme \"gs\" (expected s3:// or azblob://)",
                "s3://                   | --to \"s3://\": no bucket name",
                "s3:///prefix            | --to \"s3:///prefix\": no bucket name",
                "s3://Bucket             | --to \"s3://Bucket\": \"Bucket\" is not a valid bucket name (3-63 lowercase letters, digits, dots and hyphens)",
                "s3://ab                 | --to \"s3://ab\": \"ab\" is not a valid bucket name (3-63 lowercase letters, digits, dots and hyphens)",
                "azblob://my.container   | --to \"azblob://my.container\": \"my.container\" is not a valid container name (3-63 lowercase letters, digits and hyphens)",
                "azblob://a--b           | --to \"azblob://a--b\": \"a--b\" is not a valid container name (3-63 lowercase letters, digits and hyphens)",
                "s3://bucket/a//b        | --to \"s3://bucket/a//b\": the prefix must not hold empty, . or .. segments",
                "s3://bucket/../b        | --to \"s3://bucket/../b\": the prefix must not hold empty, . or .. segments",
                "s3://bucket/a b         | --to \"s3://bucket/a b\": the prefix may hold only URL path characters that need no escaping (letters, digits, -._~ and the like)",
                "s3://bucket/a%2Fb       | --to \"s3://bucket/a%2Fb\": the prefix may hold only URL path characters that need no escaping (letters, digits, -._~ and the like)",
            })
    void refuses(String to, String message) {
        assertEquals(
                message,
                assertThrows(BadInputException.class, () -> StoreLocation.parse(to))
                        .getMessage());
    }
}
