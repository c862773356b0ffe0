package dev.saissuer.conformance;

import dev.saissuer.testkit.TestKeys;

/**
 * EC P-256 keys (ES256), issuer https://localhost:PORT with no path: the form where a client that normalises URLs
 * (new URL(...).href adds a "/") could break the exact issuer comparison.
 */
class EcOriginIssuerRelyingPartyTest extends RelyingPartyInteropTest {
    @Override
    TestKeys.Type keyType() {
        return TestKeys.Type.EC;
    }

    @Override
    String issuerPath() {
        return "";
    }
}
