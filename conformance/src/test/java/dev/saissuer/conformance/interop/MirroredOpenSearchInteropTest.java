package dev.saissuer.conformance.interop;

/**
 * The OpenSearch suite once more, with sa-issuer in mirror mode: OpenSearch's openid_connect_url is the mirror's
 * discovery document and required_issuer the upstream's issuer, exactly as inside a cluster.
 */
class MirroredOpenSearchInteropTest extends OpenSearchInteropTest implements MirrorMode {}
