package dev.saissuer.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Plain GETs with no redirects followed (the kit requires status 200 exactly, as go-oidc does), bounded bodies
 * and timeouts; TLS trusts the system's CAs plus an optional private CA.
 */
final class HttpFetcher {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpClient http;

    HttpFetcher(Path caCertificates) {
        this(caCertificates, null);
    }

    /** With a proxy, every fetch goes through it (https by CONNECT), as it does for a relying party behind one. */
    HttpFetcher(Path caCertificates, InetSocketAddress proxy) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(sslContext(caCertificates));
        if (proxy != null) {
            builder.proxy(ProxySelector.of(proxy));
        }
        this.http = builder.build();
    }

    Fetched get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    return Fetched.failed(uri, "body larger than " + MAX_BODY_BYTES + " bytes");
                }
                return new Fetched(
                        uri, response.statusCode(), response.headers().map(), bytes, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Fetched.failed(uri, "interrupted");
        } catch (IOException | IllegalArgumentException e) {
            return Fetched.failed(uri, e.toString());
        }
    }

    private static SSLContext sslContext(Path caCertificates) {
        try {
            if (caCertificates == null) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            for (TrustManager manager : system.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        trusted.setCertificateEntry("system-" + n++, ca);
                    }
                }
            }
            try (InputStream in = Files.newInputStream(caCertificates)) {
                for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("extra-" + n++, ca);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use --cacert " + caCertificates + ": " + e.getMessage(), e);
        }
    }
}
