package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How rfc8414-3.3-issuer-equality reads the answer at the RFC 8414 location: a document with the issuer passes, one
 * with another issuer fails; what the public may not read (401, 403 as AWS S3 answers for a key its bucket policy
 * does not grant, 404) is "not served" and skipped; any other answer fails.
 */
class AuthorizationServerStatusTest {
    private static final String ISSUER = "https://oidc.example/clusters/a";
    private static final URI LOCATION =
            URI.create("https://oidc.example/.well-known/oauth-authorization-server/clusters/a");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            200 | {"issuer":"https://oidc.example/clusters/a"}                                                  | PASS
            200 | {"issuer":"https://elsewhere.example"}                                                        | FAIL
            200 | not json                                                                                      | FAIL
            404 | <Error><Code>NoSuchKey</Code></Error>                                                         | SKIP
            403 | <Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>                      | SKIP
            401 | Unauthorized                                                                                  | SKIP
            301 | moved                                                                                         | FAIL
            500 | <Error><Code>InternalError</Code></Error>                                                     | FAIL
            503 | <Error><Code>SlowDown</Code></Error>                                                          | FAIL
            """)
    void judgesTheAnswer(int status, String body, CheckResult.Outcome outcome) {
        Fetched answer = new Fetched(
                LOCATION,
                status,
                Map.of("Content-Type", List.of("application/xml")),
                body.getBytes(StandardCharsets.UTF_8),
                null);
        CheckResult result = DiscoveryChecks.authorizationServer(
                new Observed(ISSUER, null, null, "not fetched", null, null, "not fetched", answer));
        assertEquals(outcome, result.outcome(), result.toString());
    }

    @Test
    void noAnswerIsNotServed() {
        CheckResult result = DiscoveryChecks.authorizationServer(new Observed(
                ISSUER,
                null,
                null,
                "not fetched",
                null,
                null,
                "not fetched",
                Fetched.failed(LOCATION, "connection refused")));
        assertEquals(CheckResult.Outcome.SKIP, result.outcome(), result.toString());
    }
}
