package dev.saissuer.conformance.interop;

/**
 * {@link RabbitMqInteropSuite} on Debian 13's RabbitMQ 4.0.5 (Erlang 27.3, run in a chroot of a trixie root file
 * system), with compose/rabbitmq/4.x: the node finds the JWKS by OIDC discovery from {@code auth_oauth2.issuer}.
 */
class RabbitMq4InteropTest extends RabbitMqInteropSuite {
    @Override
    RabbitMqRelease release() {
        return ChrootRabbitMq.cached();
    }

    /**
     * Measured: 4.0.5 accepts a token whose {@code iss} is another issuer. {@code auth_oauth2.issuer} only says where
     * discovery starts; trust rests on the keys and the audience, as in 3.10. (An opt-in {@code
     * auth_oauth2.verify_issuer} came in a later release: rabbitmq/rabbitmq-server#17442.)
     */
    @Override
    boolean checksIssuer() {
        return false;
    }

    /** Measured: a token whose {@code nbf} and {@code iat} are an hour ahead is accepted. */
    @Override
    boolean checksNotBefore() {
        return false;
    }
}
