package dev.saissuer.conformance.interop;

/**
 * The RabbitMQ suite once more, with sa-issuer in mirror mode: RabbitMQ is given the mirror's JWKS URL and the
 * tokens carry the upstream's issuer, exactly as inside a cluster where the Helm chart runs the mirror.
 */
class MirroredRabbitMqInteropTest extends RabbitMqInteropTest implements MirrorMode {}
