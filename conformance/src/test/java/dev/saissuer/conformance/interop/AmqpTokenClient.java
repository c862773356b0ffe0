package dev.saissuer.conformance.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** An AMQP client of a test node that logs in with a service-account token as the password, as workloads do. */
record AmqpTokenClient(int port, Supplier<String> diagnostics) {
    ConnectionFactory factory(String token) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
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

    void exchangeMessage(String token) throws Exception {
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
                    diagnostics);
            assertNotNull(received[0]);
            assertArrayEquals(body, received[0].getBody());
            assertEquals(0, channel.messageCount(queue));
        }
    }

    void assertRefused(String token) {
        PossibleAuthenticationFailureException refused = assertThrows(
                PossibleAuthenticationFailureException.class,
                () -> factory(token).newConnection().close());
        assertFalse(String.valueOf(rootMessage(refused)).isEmpty());
    }

    static String rootMessage(Throwable thrown) {
        Throwable cause = thrown;
        StringBuilder messages = new StringBuilder();
        while (cause != null) {
            messages.append(cause.getMessage()).append(" / ");
            cause = cause.getCause();
        }
        return messages.toString();
    }
}
