package dev.saissuer.conformance;

import dev.saissuer.testkit.TestKeys;

/** RSA keys, issuer https://localhost:PORT/clusters/a: discovery under a path, as multi-cluster setups publish. */
class RsaPathIssuerRelyingPartyTest extends RelyingPartyInteropTest {
    @Override
    TestKeys.Type keyType() {
        return TestKeys.Type.RSA;
    }

    @Override
    String issuerPath() {
        return "/clusters/a";
    }
}
