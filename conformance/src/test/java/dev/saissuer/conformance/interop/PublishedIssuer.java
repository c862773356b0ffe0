package dev.saissuer.conformance.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/** An issuer serving discovery and JWKS over TLS to the relying parties under test, seen from the outside. */
interface PublishedIssuer extends AutoCloseable {
    ObjectMapper JSON = new ObjectMapper();

    /** The issuer URL, exactly as it appears in tokens' {@code iss} and in the discovery document. */
    String issuer();

    default String discoveryUrl() {
        return issuer() + "/.well-known/openid-configuration";
    }

    default String jwksUrl() {
        return issuer() + "/openid/v1/jwks";
    }

    TestCertificateAuthority tls();

    /** What to show when a wait fails: the issuer's log, for instance. */
    String diagnostics();

    /** The kids in the JWKS the issuer serves right now, fetched as a relying party fetches them. */
    default Set<String> publishedKids() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls().clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(jwksUrl()))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + jwksUrl() + " answered " + response.statusCode());
        }
        Set<String> kids = new LinkedHashSet<>();
        for (JsonNode key : JSON.readTree(response.body()).path("keys")) {
            kids.add(key.path("kid").asText());
        }
        return kids;
    }

    /** Waits until the JWKS holds {@code kid}; returns how long that took. */
    default Duration awaitPublished(String kid, Duration timeout) {
        return Waits.until("kid " + kid + " in " + jwksUrl(), timeout, () -> publishedKids().contains(kid),
                this::diagnostics);
    }

    @Override
    void close();
}
