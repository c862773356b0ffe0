package dev.saissuer.conformance.interop;

/** {@link RabbitMqInteropSuite} on Debian 12's RabbitMQ 3.10.8, with compose/rabbitmq/3.10 (a JWKS URL). */
class RabbitMqInteropTest extends RabbitMqInteropSuite {
    @Override
    RabbitMqRelease release() {
        return new InstalledRabbitMq();
    }

    /** Measured: 3.10.8 does not check {@code iss}; trust comes from the keys behind jwks_url and the audience. */
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
