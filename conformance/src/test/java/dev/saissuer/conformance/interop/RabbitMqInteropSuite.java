package dev.saissuer.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.SigningKey;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RabbitMQ release (its OAuth 2 backend) takes a service-account token as the AMQP password and verifies it with
 * the keys a real sa-issuer serves over TLS. One subclass per release; where releases differ, the subclass states
 * the measured fact and the test holds it. The rotation cases run last: they change the keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class RabbitMqInteropSuite {
    private static final String AUDIENCE = "rabbitmq";
    private static final String NAMESPACE = "demo";
    /** Aliased to full permissions in compose/rabbitmq/VERSION/advanced.config. */
    private static final String ACCOUNT = "client";
    /** Long enough for the rotation checks on a busy machine, short enough to watch the old key go. */
    private static final Duration KEY_RETENTION = Duration.ofSeconds(30);

    private static final Duration KEY_POLL_INTERVAL = Duration.ofSeconds(1);
    /** A well-formed https issuer that is not the sa-issuer under test. */
    private static final String OTHER_ISSUER = "https://other-issuer.example";

    private Path keyDir;
    private SigningKey published;
    private SigningKey unpublished;
    /** The key the rotation test removed from the key directory. */
    private SigningKey retired;

    private SaIssuerServer issuer;
    private RabbitMqNode node;
    private AmqpTokenClient amqp;

    /** The release under test. */
    abstract RabbitMqRelease release();

    /** Whether the release refuses a token whose {@code iss} is not the configured issuer (found by trying). */
    abstract boolean checksIssuer();

    /** Whether the release refuses a token whose {@code nbf} is still ahead (found by trying). */
    abstract boolean checksNotBefore();

    /** The directory of this class's sa-issuer, keys and node (deleted after the class). */
    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        RabbitMqRelease release = release();
        InteropRequirements.require(release.installed(), release.name() + " is not installed", release.howToInstall());
        keyDir = Files.createDirectories(dir.resolve("keys"));
        published = ServiceAccountKeys.generate(keyDir.resolve("sa-1.key"));
        unpublished = ServiceAccountKeys.generate(dir.resolve("unpublished.key"));
        TestCertificateAuthority tls = TestCertificateAuthority.create(Files.createDirectories(dir.resolve("tls")));
        // A MirrorMode subclass puts a kube-apiserver stand-in behind sa-issuer (--upstream-url).
        issuer = SaIssuerServer.start(
                dir.resolve("issuer"),
                tls,
                keyDir,
                new SaIssuerServer.Rotation(KEY_RETENTION, KEY_POLL_INTERVAL),
                this instanceof MirrorMode);
        node = RabbitMqNode.start(Files.createDirectories(dir.resolve("rabbitmq")), issuer, release);
        amqp = new AmqpTokenClient(node.amqpPort(), node::diagnostics);
        System.out.println(
                "interop: sa-issuer serving after " + issuer.startup().toMillis() + " ms; " + release.name()
                        + " node listening after " + node.startup().toMillis() + " ms");
    }

    @AfterAll
    void stop() {
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
        long discoveryBefore = issuer.served("discovery");
        amqp.exchangeMessage(token(published, AUDIENCE));
        long discoveryFetches = issuer.served("discovery");
        System.out.println("interop: " + release().name() + " fetched the discovery document " + discoveryBefore
                + " time(s) before the first token and " + discoveryFetches + " after it");
        // 3.10 is given the JWKS URL; 4.x must have found it through the discovery document.
        assertEquals(release().discovers(), discoveryFetches > 0, "discovery requests: " + discoveryFetches);
    }

    @Test
    @Order(2)
    @DisplayName("a token signed by a key sa-issuer does not publish is refused")
    void unpublishedKeyIsRefused() {
        amqp.assertRefused(token(unpublished, AUDIENCE));
    }

    @Test
    @Order(3)
    @DisplayName("a token for another audience is refused")
    void wrongAudienceIsRefused() {
        amqp.assertRefused(token(published, "opensearch"));
    }

    @Test
    @Order(4)
    @DisplayName("an expired token is refused")
    void expiredTokenIsRefused() {
        amqp.assertRefused(ServiceAccountKeys.expiredToken(published, issuer.issuer(), NAMESPACE, ACCOUNT, AUDIENCE));
    }

    @Test
    @Order(5)
    @DisplayName("a token from another issuer, signed with a published key: refused if the release checks iss")
    void otherIssuer() throws Exception {
        String token = ServiceAccountKeys.token(published, OTHER_ISSUER, NAMESPACE, ACCOUNT, AUDIENCE);
        if (checksIssuer()) {
            amqp.assertRefused(token);
        } else {
            // Not a virtue: trust rests on the keys and the audience alone (see docs), and this holds the fact.
            amqp.exchangeMessage(token);
        }
    }

    @Test
    @Order(6)
    @DisplayName("a token not valid for another hour (nbf, iat ahead): refused if the release checks nbf")
    void notYetValid() throws Exception {
        String token = ServiceAccountKeys.token(
                published,
                issuer.issuer(),
                NAMESPACE,
                ACCOUNT,
                AUDIENCE,
                Instant.now().plus(Duration.ofHours(1)));
        if (checksNotBefore()) {
            amqp.assertRefused(token);
        } else {
            amqp.exchangeMessage(token);
        }
    }

    @Test
    @Order(7)
    @DisplayName("a valid token for a service account without a scope alias gets no access")
    void accountWithoutAliasGetsNoAccess() {
        String token = ServiceAccountKeys.token(published, issuer.issuer(), NAMESPACE, "not-aliased", AUDIENCE);
        Exception refused = assertThrows(
                Exception.class, () -> amqp.factory(token).newConnection().close());
        assertTrue(
                String.valueOf(AmqpTokenClient.rootMessage(refused)).contains("access to vhost"),
                () -> "refused for another reason: " + AmqpTokenClient.rootMessage(refused) + "\n"
                        + node.diagnostics());
    }

    @Test
    @Order(8)
    @DisplayName("across a rotation, old-key tokens work during retention and new-key tokens once published")
    void rotation() throws Exception {
        String oldKeyToken = token(published, AUDIENCE);
        amqp.exchangeMessage(oldKeyToken);

        // Rotate as an operator would: the new key file appears, the old one is removed.
        Instant rotated = Instant.now();
        SigningKey next = ServiceAccountKeys.generate(keyDir.resolve("sa-2.key"));
        Files.delete(keyDir.resolve("sa-1.key"));
        Duration publishedAfter = issuer.awaitPublished(next.publicHalf().kid(), Duration.ofSeconds(30));
        Set<String> kids = issuer.publishedKids();
        assertTrue(kids.contains(published.publicHalf().kid()), "old key retained: " + kids);
        System.out.println("interop: new kid served " + publishedAfter.toMillis() + " ms after the key file appeared");

        // An unknown kid makes RabbitMQ download the JWKS again; that download must still hold the old key.
        amqp.exchangeMessage(token(next, AUDIENCE));
        amqp.exchangeMessage(oldKeyToken);
        amqp.exchangeMessage(token(published, AUDIENCE));
        assertTrue(Duration.between(rotated, Instant.now()).compareTo(KEY_RETENTION) < 0, "still inside retention");
        retired = published;
        published = next;
    }

    @Test
    @Order(9)
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
        // RabbitMQ keeps the keys it downloaded, with no expiry: the dropped key still verifies ...
        amqp.exchangeMessage(oldKeyToken);
        // ... until a token with an unknown kid makes it download the JWKS again.
        amqp.assertRefused(token(unpublished, AUDIENCE));
        amqp.assertRefused(oldKeyToken);
        amqp.exchangeMessage(token(published, AUDIENCE));
        System.out.println("interop: " + release().name() + " fetched the discovery document "
                + issuer.served("discovery") + " time(s) in all, across the JWKS reloads unknown kids caused");
    }

    private String token(SigningKey key, String audience) {
        return ServiceAccountKeys.token(key, issuer.issuer(), NAMESPACE, ACCOUNT, audience);
    }
}
