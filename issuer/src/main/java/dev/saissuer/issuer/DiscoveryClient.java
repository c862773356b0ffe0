package dev.saissuer.issuer;

import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.TokenVerification;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import javax.net.ssl.SSLContext;

/**
 * Fetches an issuer's discovery document and the JWK Set it points to, as a relying party does: GET, status
 * exactly 200 (go-oidc refuses anything else), bodies bounded in size, HTTPS trusting the system's CAs and
 * optionally a private one.
 */
public final class DiscoveryClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpClient http;

    public DiscoveryClient(Path extraCaCertificates) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(sslContext(extraCaCertificates))
                .build();
    }

    /**
     * Fetches the discovery document from the OpenID Connect Discovery 1.0 section 4 location, then jwks_uri, which
     * must pass the rules of an issuer ({@code allowHttpLoopback} as for the issuer).
     */
    public TokenVerification.Documents fetch(IssuerUrl issuer, boolean allowHttpLoopback) throws IOException {
        String base = issuer.value().endsWith("/")
                ? issuer.value().substring(0, issuer.value().length() - 1)
                : issuer.value();
        byte[] discovery = get(URI.create(base + IssuerUrl.OPENID_CONFIGURATION_SUFFIX), "discovery");
        URI jwksUri;
        try {
            jwksUri = IssuerUrl.parseJwksUri(TokenVerification.jwksUri(discovery), allowHttpLoopback);
        } catch (BadInputException e) {
            throw new IOException("discovery: " + e.getMessage(), e);
        }
        return new TokenVerification.Documents(discovery, get(jwksUri, "jwks"));
    }

    private byte[] get(URI uri, String what) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": GET " + uri + " interrupted", e);
        } catch (IOException e) {
            throw new IOException(what + ": GET " + uri + " failed: " + e, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(
                        what + ": GET " + uri + " answered HTTP " + response.statusCode() + ", expected 200");
            }
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IOException(what + ": GET " + uri + " returned more than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /** The system's trusted CAs, plus those in the given PEM file. */
    static SSLContext sslContext(Path extraCaCertificates) {
        try {
            return extraCaCertificates == null
                    ? SSLContext.getDefault()
                    : TrustAnchors.systemAnd(readCertificates(extraCaCertificates));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new BadInputException(file + ": no certificate found (--cacert wants PEM CA certificates)");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new BadInputException(file + ": cannot read CA certificates (--cacert): " + e.getMessage(), e);
        }
    }
}
