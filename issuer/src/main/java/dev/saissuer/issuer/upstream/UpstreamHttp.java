package dev.saissuer.issuer.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saissuer.issuer.TrustAnchors;
import dev.saissuer.keys.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import javax.net.ssl.SSLContext;

/**
 * GETs from kube-apiserver with a bearer token, as an in-cluster client does. The token file is read again
 * before every request (kubelet rewrites projected tokens well before they expire), and the trust is rebuilt when
 * the CA file's content changes (the cluster CA rotates). Redirects are not followed, so the token goes to the
 * configured host only. Timeouts and body sizes are bounded; every failure is one line naming the URL.
 */
final class UpstreamHttp {
    /** Covers the TLS handshake too; 5 s proved too short for a first handshake on a saturated node. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Projected tokens are a few kilobytes; anything much larger is not a token file. */
    static final int MAX_TOKEN_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Path tokenFile;
    private final Path caFile;
    private byte[] caContent;
    private HttpClient client;

    /** {@code base} is https without a trailing slash; either file may be null (no token; the JVM's CAs). */
    UpstreamHttp(URI base, Path tokenFile, Path caFile) {
        this.base = base;
        this.tokenFile = tokenFile;
        this.caFile = caFile;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    /** The body of a 200 answer to GET base+path, or a BadInputException naming the URL and what went wrong. */
    byte[] get(String path) {
        URI uri = uri(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        String token = token();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response;
        try {
            response = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("GET " + uri + ": interrupted", e);
        } catch (IOException e) {
            throw new BadInputException("GET " + uri + ": " + reason(e), e);
        }
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (response.statusCode() != 200) {
                throw new BadInputException(
                        "GET " + uri + ": HTTP " + response.statusCode() + statusDetail(bytes) + hint(response));
            }
            if (bytes.length > MAX_BODY_BYTES) {
                throw new BadInputException("GET " + uri + ": body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new BadInputException("GET " + uri + ": reading the body failed: " + reason(e), e);
        }
    }

    private String token() {
        if (tokenFile == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(tokenFile)) {
            byte[] bytes = in.readNBytes(MAX_TOKEN_BYTES + 1);
            if (bytes.length > MAX_TOKEN_BYTES) {
                throw new BadInputException(
                        "--upstream-token-file " + tokenFile + ": larger than " + MAX_TOKEN_BYTES + " bytes");
            }
            String token = new String(bytes, StandardCharsets.US_ASCII).trim();
            if (token.isEmpty() || !token.matches("[\\x21-\\x7e]+")) {
                throw new BadInputException("--upstream-token-file " + tokenFile + ": empty or not a bearer token");
            }
            return token;
        } catch (IOException e) {
            throw new BadInputException("--upstream-token-file " + tokenFile + ": cannot read: " + reason(e), e);
        }
    }

    private synchronized HttpClient client() {
        if (caFile == null) {
            if (client == null) {
                client = build(null);
            }
            return client;
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(caFile)) {
            content = in.readNBytes(MAX_BODY_BYTES);
        } catch (IOException e) {
            throw new BadInputException("--upstream-ca-file " + caFile + ": cannot read: " + reason(e), e);
        }
        if (client == null || !Arrays.equals(content, caContent)) {
            client = build(sslContext(content));
            caContent = content;
        }
        return client;
    }

    private static HttpClient build(SSLContext context) {
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        if (context != null) {
            builder.sslContext(context);
        }
        return builder.build();
    }

    /** Trusts exactly the CAs of the file, as client-go does with the in-cluster ca.crt. */
    private SSLContext sslContext(byte[] pem) {
        try {
            Collection<? extends Certificate> cas =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (cas.isEmpty()) {
                throw new BadInputException("--upstream-ca-file " + caFile + ": no PEM certificate in it");
            }
            return TrustAnchors.trusting(cas);
        } catch (GeneralSecurityException | IOException e) {
            throw new BadInputException("--upstream-ca-file " + caFile + ": not PEM CA certificates: " + reason(e), e);
        }
    }

    /** kube-apiserver answers errors with a Status object (apimachinery metav1.Status): its reason and message. */
    private static String statusDetail(byte[] body) {
        try {
            JsonNode status = JSON.readTree(body);
            if (status != null && "Status".equals(status.path("kind").asText())) {
                String reason = status.path("reason").asText("");
                String message = status.path("message").asText("");
                String detail = reason.isEmpty() || reason.equals(message) ? message : reason + ": " + message;
                return detail.isEmpty() ? "" : " " + oneLine(detail, 200);
            }
        } catch (IOException | RuntimeException e) {
            // not a Status body: the status code says enough
        }
        return "";
    }

    private static String hint(HttpResponse<?> response) {
        return switch (response.statusCode()) {
            case 401 -> " (the token from --upstream-token-file was refused)";
            case 403 -> " (bind the ServiceAccount to the ClusterRole system:service-account-issuer-discovery)";
            default -> response.statusCode() / 100 == 3 ? " (redirects are not followed)" : "";
        };
    }

    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return oneLine(cause.getClass().getSimpleName() + message, 300);
    }

    private static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > max ? line.substring(0, max) + "..." : line;
    }
}
