package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.testkit.StaticDiscoveryServer;
import org.junit.jupiter.api.Test;

/**
 * URLs that java.net.URI of Java 17 does not refuse cleanly (it throws NumberFormatException for an over-long IPv4
 * part in an IPv6 literal) are reported as failures, never thrown: as the kit's ISSUER, and as a served jwks_uri
 * read by every check and profile.
 */
class MalformedUrlTest {
    private static final String BAD = "https://[::1.2.3.99999999999]";

    @Test
    void urlsRefusesWhatJavaNetUriThrowsForAsEmpty() {
        assertTrue(Urls.parse(BAD).isEmpty());
        assertTrue(Urls.parse("https://a b").isEmpty());
        assertEquals(
                "issuer.example",
                Urls.parse("https://issuer.example/x").orElseThrow().getHost());
        assertEquals(null, ProfileUrls.parse(BAD + "/jwks"));
    }

    @Test
    void anIssuerArgumentJavaNetUriTripsOnIsAUsageError() {
        var err = new java.io.StringWriter();
        var command = ConformanceKit.commandLine();
        command.setErr(new java.io.PrintWriter(err, true));
        assertEquals(2, command.execute(BAD));
        assertEquals(
                "sa-issuer-conformance: ISSUER is not a URL: " + BAD,
                err.toString().strip());
    }

    @Test
    void aServedJwksUriJavaNetUriTripsOnFailsTheChecksThatReadIt() {
        try (StaticDiscoveryServer server = StaticDiscoveryServer.withJwksUri(
                BAD + "/openid/v1/jwks",
                "\"response_types_supported\":[\"id_token\"],\"subject_types_supported\":[\"public\"],"
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\"]")) {
            Report report = ConformanceKit.run(server.issuer(), null, null, null, Profile.ALL, null);
            assertEquals(CheckResult.Outcome.FAIL, report.result("k8s-https").outcome(), report.text());
            assertTrue(report.text().contains("is not a URL"), report.text());
            assertTrue(report.failedCheckIds().contains("rabbitmq-3.10-jwks-url"), report.text());
        }
    }
}
