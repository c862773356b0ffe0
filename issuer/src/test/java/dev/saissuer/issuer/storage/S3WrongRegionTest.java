package dev.saissuer.issuer.storage;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A bucket in another region than the one the publisher signs for, through the real AWS SDK. No AWS is reachable
 * from here, so a loopback stand-in answers as S3 does: AWS S3 answers a request signed for the wrong region with
 * 400 {@code AuthorizationHeaderMalformed} ("the region 'us-east-1' is wrong; expecting 'eu-west-1'") or, on the
 * global endpoint, 301 {@code PermanentRedirect}; both carry the bucket's region in {@code x-amz-bucket-region}
 * (S3 API reference, "Error responses"; the bodies are the ones S3 sends, as quoted in SDK bug reports).
 */
class S3WrongRegionTest {
    private HttpServer standIn;

    @AfterEach
    void stop() {
        if (standIn != null) {
            standIn.stop(0);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "400, AuthorizationHeaderMalformed, The authorization header is malformed; the region 'us-east-1' is wrong;"
                + " expecting 'eu-west-1'",
        "301, PermanentRedirect, The bucket you are attempting to access must be addressed using the specified"
                + " endpoint. Please send all future requests to this endpoint."
    })
    void wrongRegionIsOneLineNamingTheBucketsRegion(int status, String code, String message) throws IOException {
        URI endpoint = answerEveryRequest(status, code, message, "eu-west-1");
        try (ObjectStore store = S3ObjectStore.open(
                StoreLocation.parse("s3://oidc-bucket/clusters/prod"),
                new StoreOptions(endpoint, "us-east-1", Map.of()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))) {
            String key = "clusters/prod/openid/v1/jwks";
            ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> store.get(key));
            ObjectStoreContract.assertOneLine(
                    e,
                    store.describe(key),
                    code + " (HTTP " + status + ")",
                    "wrong region, the bucket is in eu-west-1 (--region eu-west-1)");
        }
    }

    private URI answerEveryRequest(int status, String code, String message, String bucketRegion) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                        + message + "</Message><Region>" + bucketRegion
                        + "</Region><RequestId>C43BE7872B207E9E</RequestId><HostId>stand-in</HostId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        standIn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        standIn.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.getResponseHeaders().add("x-amz-bucket-region", bucketRegion);
            exchange.getResponseHeaders().add("x-amz-request-id", "C43BE7872B207E9E");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        standIn.start();
        return URI.create("http://127.0.0.1:" + standIn.getAddress().getPort());
    }
}
