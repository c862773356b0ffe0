package dev.saissuer.issuer.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.saissuer.keys.Fixtures;
import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.KeyFiles;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The public and admin listeners of a real server, over HTTP, for an issuer with a path. */
class DocumentServingTest {
    static final String ISSUER = "https://issuer.example.com/clusters/a";
    static final String DISCOVERY = "/clusters/a/.well-known/openid-configuration";
    static final String JWKS = "/clusters/a/openid/v1/jwks";
    static ServerHarness server;
    static String base;
    static String admin;
    static IssuerDocuments expected;

    @BeforeAll
    static void start() throws Exception {
        ServeConfig config = ServerHarness.config(
                ISSUER, List.of(Fixtures.kubernetes("rsa.pub.pem"), Fixtures.kubernetes("ecdsa.sec1.pem")));
        server = ServerHarness.start(config);
        base = "http://127.0.0.1:" + server.port();
        admin = "http://127.0.0.1:" + server.adminPort();
        expected = IssuerDocuments.render(
                config.issuer().issuer(),
                config.issuer().jwksUri(),
                KeyFiles.readPublicKeys(
                        List.of(Fixtures.kubernetes("rsa.pub.pem"), Fixtures.kubernetes("ecdsa.sec1.pem"))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void discoveryIsServedWithCachingAndCorsHeaders() {
        Response r = given().get(base + DISCOVERY);
        r.then()
                .statusCode(200)
                .header("Content-Type", "application/json")
                .header("Cache-Control", "public, max-age=3600")
                .header("ETag", '"' + expected.discovery().sha256() + '"')
                .header("Access-Control-Allow-Origin", "*")
                .header("X-Content-Type-Options", "nosniff")
                .header("Server", nullValue())
                .body("issuer", equalTo(ISSUER))
                .body("jwks_uri", equalTo(ISSUER + "/openid/v1/jwks"));
        assertArrayEquals(expected.discovery().bytes(), r.asByteArray());
    }

    @Test
    void rfc8414LocationServesTheSameDocument() {
        assertArrayEquals(
                expected.discovery().bytes(),
                given().get(base + "/.well-known/oauth-authorization-server/clusters/a")
                        .then()
                        .statusCode(200)
                        .header("Content-Type", "application/json")
                        .extract()
                        .asByteArray());
    }

    @Test
    void jwksIsServedAsJwkSet() {
        Response r = given().get(base + JWKS);
        r.then()
                .statusCode(200)
                .header("Content-Type", "application/jwk-set+json")
                .header("Cache-Control", "public, max-age=3600")
                .header("ETag", '"' + expected.jwks().sha256() + '"')
                .header("Vary", "Accept")
                .body(
                        "keys.kid",
                        equalTo(List.of(
                                "JHJehTTTZlsspKHT-GaJxK7Kd1NQgZJu3fyK6K_QDYU",
                                "SoABiieYuNx4UdqYvZRVeuC6SihxgLrhLy9peHMHpTc")));
        assertArrayEquals(expected.jwks().bytes(), r.asByteArray());
    }

    @ParameterizedTest(name = "Accept: {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "application/json|application/json",
                "application/json, text/plain|application/json",
                "application/jwk-set+json|application/jwk-set+json",
                "application/jwk-set+json, application/json;q=0.9|application/jwk-set+json",
                "*/*|application/jwk-set+json",
                "application/*|application/jwk-set+json",
                "Application/JSON|application/json",
                "APPLICATION/JWK-SET+JSON|application/jwk-set+json",
                "application/jwk-set+json;q=0, application/json|application/json",
                "text/html, application/json;q=0.1|application/json",
                "application/json;q=0.5, application/jwk-set+json|application/jwk-set+json",
                "application/json; charset=utf-8|application/json",
            })
    void jwksContentTypeFollowsAcceptWhereKubernetesWouldAnswer406(String accept, String type) {
        given().header("Accept", accept).get(base + JWKS).then().statusCode(200).header("Content-Type", type);
    }

    @Test
    void eachRepresentationOfTheJwksHasItsOwnValidator() {
        String jwkSet = given().get(base + JWKS).header("ETag");
        String json = given().header("Accept", "application/json")
                .get(base + JWKS)
                .then()
                .header("Content-Type", "application/json")
                .extract()
                .header("ETag");
        assertNotEquals(jwkSet, json);
        given().header("Accept", "application/json")
                .header("If-None-Match", json)
                .get(base + JWKS)
                .then()
                .statusCode(304)
                .header("ETag", json);
        given().header("Accept", "application/json")
                .header("If-None-Match", jwkSet)
                .get(base + JWKS)
                .then()
                .statusCode(200)
                .header("ETag", json);
        given().header("If-None-Match", json)
                .get(base + JWKS)
                .then()
                .statusCode(200)
                .header("ETag", jwkSet);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DISCOVERY, JWKS})
    void matchingIfNoneMatchGets304WithoutBody(String path) {
        String etag = given().get(base + path).header("ETag");
        given().header("If-None-Match", etag)
                .get(base + path)
                .then()
                .statusCode(304)
                .header("ETag", etag)
                .header("Cache-Control", "public, max-age=3600")
                .body(emptyString());
        given().header("If-None-Match", "W/" + etag + ", \"other\"")
                .get(base + path)
                .then()
                .statusCode(304);
        given().header("If-None-Match", "\"other\"").get(base + path).then().statusCode(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DISCOVERY, JWKS})
    void headAnswersHeadersWithoutBody(String path) {
        int length = given().get(base + path).asByteArray().length;
        given().head(base + path)
                .then()
                .statusCode(200)
                .header("Content-Length", String.valueOf(length))
                .header("ETag", not(emptyString()))
                .body(emptyString());
    }

    @Test
    void corsPreflightIsAnswered() {
        given().header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "if-none-match")
                .options(base + JWKS)
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
                .header("Access-Control-Allow-Headers", "if-none-match");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET,/.well-known,404",
        "GET,/clusters/a/.well-known,404",
        "GET,/.well-known/openid-configuration,404",
        "GET,/clusters/a/openid/v1/jwks/,404",
        "GET,/clusters/a/openid/v1/jwks/x,404",
        "GET,/clusters/a/.well-known/openid-configuration/,404",
        "GET,/clusters/a/openid/v1/jwks?format=yaml,200",
        "GET,/clusters/a/%2E well-known/openid-configuration,404",
        "GET,/metrics,404",
        "GET,/status,404",
        "POST,/clusters/a/openid/v1/jwks,405",
        "PUT,/clusters/a/.well-known/openid-configuration,405",
        "DELETE,/clusters/a/openid/v1/jwks,405",
        "PATCH,/clusters/a/openid/v1/jwks,405",
        "TRACE,/clusters/a/openid/v1/jwks,405",
    })
    void boundaries(String method, String path, int status) {
        Response r = given().urlEncodingEnabled(false).request(method, base + path.replace(" ", "%2F"));
        r.then()
                .statusCode(status)
                .body(not(containsString("Exception")))
                .body(not(containsString("Jetty")))
                .body(not(containsString("Javalin")));
        if (status == 405) {
            r.then().header("Allow", "GET, HEAD, OPTIONS");
        }
    }

    @Test
    void healthAndReadinessOnBothListeners() {
        for (String listener : List.of(base, admin)) {
            given().get(listener + "/healthz").then().statusCode(200).body(equalTo("ok\n"));
            given().get(listener + "/readyz").then().statusCode(200).body(equalTo("ok\n"));
        }
    }

    @Test
    void metricsAndStatusOnlyOnTheAdminListener() throws Exception {
        given().get(base + JWKS).then().statusCode(200);
        String metrics =
                given().get(admin + "/metrics").then().statusCode(200).extract().asString();
        for (String name : List.of(
                "sa_issuer_http_requests_total{route=\"jwks\",status=\"200\"}",
                "sa_issuer_published_keys 2.0",
                "sa_issuer_retained_keys 0.0",
                "sa_issuer_failing_sources 0.0",
                "sa_issuer_last_successful_reload_timestamp_seconds")) {
            org.junit.jupiter.api.Assertions.assertTrue(metrics.contains(name), name + " in\n" + metrics);
        }
        given().get(admin + "/status")
                .then()
                .statusCode(200)
                .header("Content-Type", "application/json")
                .body("issuer", equalTo(ISSUER))
                .body("keys.state", equalTo(List.of("current", "current")))
                .body("sources.ok", equalTo(List.of(true, true)));
        assertEquals(404, given().get(admin + JWKS).statusCode());
        assertEquals(true, Files.exists(Fixtures.kubernetes("rsa.pub.pem")));
    }
}
