package dev.saissuer.conformance.clients;

import com.rabbitmq.client.impl.CredentialsProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RabbitMQ's Java client asks its credentials provider for the password on every new connection: this one answers
 * with the projected token file's current content, so a reconnect after kubelet refreshed the file sends the new
 * token. The OAuth 2 backend ignores the user name. Use: {@code factory.setCredentialsProvider(new
 * TokenFileCredentialsProvider(Path.of(System.getenv("RABBITMQ_TOKEN_FILE"))))}.
 */
public final class TokenFileCredentialsProvider implements CredentialsProvider {
    private final Path tokenFile;

    public TokenFileCredentialsProvider(Path tokenFile) {
        this.tokenFile = tokenFile;
    }

    @Override
    public String getUsername() {
        return "service-account";
    }

    @Override
    public String getPassword() {
        return read(tokenFile);
    }

    /** The token in the file, without the surrounding whitespace an editor or a shell may have added. */
    static String read(Path tokenFile) {
        try {
            return Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service-account token " + tokenFile, e);
        }
    }
}
