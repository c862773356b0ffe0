package dev.saissuer.conformance;

import dev.saissuer.keys.SigningKey;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real relying-party libraries against a real sa-issuer process over TLS, each discovering the issuer by itself:
 * every one accepts the valid token and rejects each of the four bad ones, for the right reason. Subclasses
 * choose the key type and the issuer path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RelyingPartyInteropTest {
    Path dir;
    TestPki pki;
    SaIssuerProcess server;
    final Map<TokenCase, String> tokens = new EnumMap<>(TokenCase.class);
    Map<TokenCase, RelyingParty.Verdict> nodeVerdicts;

    abstract TestKeys.Type keyType();

    abstract String issuerPath();

    @BeforeAll
    void startIssuer(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        pki = TestPki.create(dir);
        Path key = dir.resolve("sa.key");
        SigningKey signingKey = TestKeys.write(keyType(), key);
        server = SaIssuerProcess.start(pki, dir, key, issuerPath());
        for (TokenCase token : TokenCase.values()) {
            tokens.put(token, token.mint(signingKey, server.issuer(), dir));
        }
    }

    @AfterAll
    void stopIssuer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenCase.class)
    void nimbusOauth2OidcSdk(TokenCase token) throws Exception {
        token.assertVerdict(new NimbusRelyingParty(server.issuer(), TokenCase.AUDIENCE, pki.clientContext()).verify(tokens.get(token)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenCase.class)
    void springSecurityJwtDecoders(TokenCase token) throws Exception {
        token.assertVerdict(SpringRelyingParty.verify(server.issuer(), TokenCase.AUDIENCE, pki.clientContext(), tokens.get(token)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenCase.class)
    void nodeOpenidClientAndJose(TokenCase token) {
        if (nodeVerdicts == null) {
            nodeVerdicts = NodeRelyingParty.verifyAll(server.issuer(), TokenCase.AUDIENCE, pki.caCertificate, tokens, dir);
        }
        token.assertVerdict(nodeVerdicts.get(token));
    }
}
