package dev.saissuer.issuer.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.saissuer.issuer.pipeline.Pipeline;
import dev.saissuer.issuer.pipeline.Publication;
import dev.saissuer.keys.Fixtures;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@code /readyz} means: ready once a key set is published, for every kind of source. The listeners start
 * before the first read of the sources (a mirror's first fetch can take seconds), so until then both answer 503
 * and the documents are 503 too; once published, a source failing later does not make the server unready,
 * since the last good keys are still served (status and metrics say the source is failing).
 */
class ReadinessTest {
    @Test
    void notReadyUntilTheFirstStateIsPublishedThenReady() throws Exception {
        ServeConfig config =
                ServerHarness.config("https://issuer.example.com", List.of(Fixtures.kubernetes("rsa.pub.pem")));
        Publication publication = new Publication();
        try (IssuerServer server = IssuerServer.start(config, publication::current, Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + server.port();
            String admin = "http://127.0.0.1:" + server.adminPort();
            for (String url : List.of(base + "/readyz", admin + "/readyz")) {
                given().get(url).then().statusCode(503).header("Cache-Control", "no-store");
            }
            given().get(base + "/openid/v1/jwks").then().statusCode(503);
            given().get(base + "/healthz").then().statusCode(200).body(equalTo("ok\n"));
            given().get(admin + "/status").then().statusCode(503);

            try (Pipeline pipeline = Pipeline.start(
                    config.issuer(), config.sources(), config.rotation(), null, Clock.systemUTC(), publication)) {
                assertSame(publication, pipeline.publication());
                for (String url : List.of(base + "/readyz", admin + "/readyz")) {
                    given().get(url).then().statusCode(200).body(equalTo("ok\n"));
                }
                given().get(base + "/openid/v1/jwks").then().statusCode(200);
                given().get(admin + "/status").then().statusCode(200);
            }
        }
    }
}
