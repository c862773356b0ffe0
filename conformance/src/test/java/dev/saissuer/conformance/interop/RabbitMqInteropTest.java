package dev.saissuer.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import dev.saissuer.keys.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ 3.10 (Debian's rabbitmq-server, OAuth 2 backend) takes a service-account token as the AMQP password and
 * verifies it with the JWKS a real sa-issuer serves over TLS. The rotation case runs last: it changes the keys.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RabbitMqInteropTest {
    private static final String AUDIENCE = "rabbitmq";
    private static final String NAMESPACE = "demo";
    /** Aliased to full permissions in compose/rabbitmq/3.10/advanced.config. */
    private static final String ACCOUNT = "client";
    /** Long enough for the rotation checks on a busy machine, short enough to watch the old key go. */
    private static final Duration KEY_RETENTION = Duration.ofSeconds(30);

    private static final Duration KEY_POLL_INTERVAL = Duration.ofSeconds(1);

    @TempDir
    static Path dir;

    private static Path keyDir;
    private static SigningKey published;
    private static SigningKey unpublished;
    /** The key the rotation test removed from the key directory. */
    private static SigningKey retired;

    private static SaIssuerServer issuer;
    private static RabbitMqNode node;

    @BeforeAll
    static void start(TestInfo test) throws Exception {
        startWith(MirrorMode.class.isAssignableFrom(test.getTestClass().orElseThrow()));
    }

    /** With {@code mirror}, sa-issuer mirrors a kube-apiserver stand-in that publishes the key directory. */
    static void startWith(boolean mirror) throws Exception {
        InteropRequirements.require(
                RabbitMqNode.installed(), "rabbitmq-server is not installed", "bash .ci/setup.d/rabbitmq.sh");
        keyDir = Files.createDirectories(dir.resolve("keys"));
        published = ServiceAccountKeys.generate(keyDir.resolve("sa-1.key"));
        unpublished = ServiceAccountKeys.generate(dir.resolve("unpublished.key"));
        TestCertificateAuthority tls = TestCertificateAuthority.create(Files.createDirectories(dir.resolve("tls")));
        issuer = SaIssuerServer.start(
                dir.resolve("issuer"),
                tls,
                keyDir,
                new SaIssuerServer.Rotation(KEY_RETENTION, KEY_POLL_INTERVAL),
                mirror);
        node = RabbitMqNode.start(Files.createDirectories(dir.resolve("rabbitmq")), issuer);
        System.out.println(
                "interop: sa-issuer serving after " + issuer.startup().toMillis() + " ms; RabbitMQ 3.10 node "
                        + "listening after " + node.startup().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("a valid token for an aliased service account connects, publishes and consumes")
    void validTokenPublishesAndConsumes() throws Exception {
        exchangeMessage(token(published, AUDIENCE));
    }

    @Test
    @Order(2)
    @DisplayName("a token signed by a key sa-issuer does not publish is refused")
    void unpublishedKeyIsRefused() {
        assertRefused(token(unpublished, AUDIENCE));
    }

    @Test
    @Order(3)
    @DisplayName("a token for another audience is refused")
    void wrongAudienceIsRefused() {
        assertRefused(token(published, "opensearch"));
    }

    @Test
    @Order(4)
    @DisplayName("an expired token is refused")
    void expiredTokenIsRefused() {
        assertRefused(ServiceAccountKeys.expiredToken(published, issuer.issuer(), NAMESPACE, ACCOUNT, AUDIENCE));
    }

    @Test
    @Order(5)
    @DisplayName("a valid token for a service account without a scope alias gets no access")
    void accountWithoutAliasGetsNoAccess() {
        String token = ServiceAccountKeys.token(published, issuer.issuer(), NAMESPACE, "not-aliased", AUDIENCE);
        Exception refused = assertThrows(
                Exception.class, () -> factory(token).newConnection().close());
        assertTrue(
                String.valueOf(rootMessage(refused)).contains("access to vhost"),
                () -> "refused for another reason: " + rootMessage(refused) + "\n" + node.diagnostics());
    }

    @Test
    @Order(6)
    @DisplayName("across a rotation, old-key tokens work during retention and new-key tokens once published")
    void rotation() throws Exception {
        String oldKeyToken = token(published, AUDIENCE);
        exchangeMessage(oldKeyToken);

        // Rotate as an operator would: the new key file appears, the old one is removed.
        Instant rotated = Instant.now();
        SigningKey next = ServiceAccountKeys.generate(keyDir.resolve("sa-2.key"));
        Files.delete(keyDir.resolve("sa-1.key"));
        Duration publishedAfter = issuer.awaitPublished(next.publicHalf().kid(), Duration.ofSeconds(30));
        Set<String> kids = issuer.publishedKids();
        assertTrue(kids.contains(published.publicHalf().kid()), "old key retained: " + kids);
        System.out.println("interop: new kid served " + publishedAfter.toMillis() + " ms after the key file appeared");

        // An unknown kid makes RabbitMQ download the JWKS again; that download must still hold the old key.
        exchangeMessage(token(next, AUDIENCE));
        exchangeMessage(oldKeyToken);
        exchangeMessage(token(published, AUDIENCE));
        assertTrue(Duration.between(rotated, Instant.now()).compareTo(KEY_RETENTION) < 0, "still inside retention");
        retired = published;
        published = next;
    }

    @Test
    @Order(7)
    @DisplayName("after the retention window sa-issuer drops the old key, and RabbitMQ refuses it once it reloads")
    void afterRetention() throws Exception {
        assertNotNull(retired, "runs after the rotation test");
        String oldKid = retired.publicHalf().kid();
        Duration dropped = Waits.until(
                "sa-issuer to drop kid " + oldKid,
                KEY_RETENTION.plusSeconds(30),
                () -> !issuer.publishedKids().contains(oldKid),
                issuer::diagnostics);
        System.out.println("interop: old kid dropped " + dropped.toMillis() + " ms after the rotation checks");
        String oldKeyToken = token(retired, AUDIENCE);
        // RabbitMQ 3.10 keeps the keys it downloaded, with no expiry: the dropped key still verifies ...
        exchangeMessage(oldKeyToken);
        // ... until a token with an unknown kid makes it download the JWKS again.
        assertRefused(token(unpublished, AUDIENCE));
        assertRefused(oldKeyToken);
        exchangeMessage(token(published, AUDIENCE));
    }

    private static String token(SigningKey key, String audience) {
        return ServiceAccountKeys.token(key, issuer.issuer(), NAMESPACE, ACCOUNT, audience);
    }

    private static ConnectionFactory factory(String token) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(node.amqpPort());
        // The OAuth 2 backend ignores the user name; the token is the password.
        factory.setUsername("service-account");
        factory.setPassword(token);
        factory.setConnectionTimeout(10_000);
        factory.setHandshakeTimeout(30_000);
        factory.setAutomaticRecoveryEnabled(false);
        // A refused login ends with the broker closing the socket; the test asserts on the exception it gets, so
        // the client's own warning about the reset is noise.
        factory.setExceptionHandler(new DefaultExceptionHandler() {
            @Override
            public void handleUnexpectedConnectionDriverException(Connection connection, Throwable exception) {}
        });
        return factory;
    }

    private static void exchangeMessage(String token) throws Exception {
        byte[] body = ("hello " + Instant.now()).getBytes(StandardCharsets.UTF_8);
        try (Connection connection = factory(token).newConnection("sa-issuer-interop");
                Channel channel = connection.createChannel()) {
            String queue = channel.queueDeclare().getQueue(); // server-named, exclusive, auto-delete
            channel.basicPublish("", queue, null, body);
            GetResponse[] received = new GetResponse[1];
            Waits.until(
                    "the message on " + queue,
                    Duration.ofSeconds(10),
                    () -> (received[0] = channel.basicGet(queue, true)) != null,
                    node::diagnostics);
            assertNotNull(received[0]);
            assertArrayEquals(body, received[0].getBody());
            assertEquals(0, channel.messageCount(queue));
        }
    }

    private static void assertRefused(String token) {
        PossibleAuthenticationFailureException refused = assertThrows(
                PossibleAuthenticationFailureException.class,
                () -> factory(token).newConnection().close());
        assertFalse(String.valueOf(rootMessage(refused)).isEmpty());
    }

    private static String rootMessage(Throwable thrown) {
        Throwable cause = thrown;
        StringBuilder messages = new StringBuilder();
        while (cause != null) {
            messages.append(cause.getMessage()).append(" / ");
            cause = cause.getCause();
        }
        return messages.toString();
    }
}
