package dev.saissuer.conformance;

import dev.saissuer.keys.SigningKey;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real relying-party libraries against a real sa-issuer process (TLS, path-prefixed issuer), each discovering
 * the issuer by itself: every one accepts the valid token and rejects each of the four bad ones.
 */
class RelyingPartyInteropTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static SaIssuerProcess server;
    static final Map<TokenCase, String> TOKENS = new EnumMap<>(TokenCase.class);
    static Map<TokenCase, RelyingParty.Verdict> nodeVerdicts;

    @BeforeAll
    static void startIssuer() throws Exception {
        pki = TestPki.create(dir);
        Path key = dir.resolve("sa.key");
        SigningKey signingKey = TestKeys.write(TestKeys.Type.RSA, key);
        server = SaIssuerProcess.start(pki, dir, key, "/clusters/a");
        for (TokenCase token : TokenCase.values()) {
            TOKENS.put(token, token.mint(signingKey, server.issuer(), dir));
        }
    }

    @AfterAll
    static void stopIssuer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenCase.class)
    void nimbusOauth2OidcSdk(TokenCase token) throws Exception {
        RelyingParty.Verdict verdict = new NimbusRelyingParty(server.issuer(), TokenCase.AUDIENCE, pki.clientContext())
                .verify(TOKENS.get(token));
        token.assertVerdict(verdict);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenCase.class)
    void springSecurityJwtDecoders(TokenCase token) throws Exception {
        RelyingParty.Verdict verdict = SpringRelyingParty.verify(server.issuer(), TokenCase.AUDIENCE, pki.clientContext(),
                TOKENS.get(token));
        token.assertVerdict(verdict);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenCase.class)
    void nodeOpenidClientAndJose(TokenCase token) {
        if (nodeVerdicts == null) {
            nodeVerdicts = NodeRelyingParty.verifyAll(server.issuer(), TokenCase.AUDIENCE, pki.caCertificate, TOKENS, dir);
        }
        RelyingParty.Verdict verdict = nodeVerdicts.get(token);
        token.assertVerdict(verdict);
    }
}
