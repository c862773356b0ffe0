package dev.saissuer.conformance.clients;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;

/**
 * For OpenSearch (or any HTTP relying party): every request gets {@code Authorization: Bearer} with the projected
 * token file's current content, read when the request is built, never cached. Use: {@code
 * client.send(new BearerTokenFile(Path.of(System.getenv("OPENSEARCH_TOKEN_FILE"))).get(uri), ...)}.
 */
public final class BearerTokenFile {
    private final Path tokenFile;

    public BearerTokenFile(Path tokenFile) {
        this.tokenFile = tokenFile;
    }

    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + TokenFileCredentialsProvider.read(tokenFile));
    }

    public HttpRequest get(URI uri) {
        return request(uri).GET().build();
    }
}
