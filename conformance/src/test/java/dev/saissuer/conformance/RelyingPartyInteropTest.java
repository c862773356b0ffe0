package dev.saissuer.conformance;

import dev.saissuer.keys.SigningKey;
import dev.saissuer.testkit.SaIssuerProcess;
import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.TestKeys;
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
    TestCa ca;
    Path caFile;
    SaIssuerProcess server;
    final Map<TokenCase, String> tokens = new EnumMap<>(TokenCase.class);
    Map<TokenCase, RelyingParty.Verdict> nodeVerdicts;
    /** Every verdict, written to target/ at the end so a reader can see what each library said and why. */
    final Map<String, RelyingParty.Verdict> verdicts = new java.util.TreeMap<>();

    abstract TestKeys.Type keyType();

    abstract String issuerPath();

    @BeforeAll
    void startIssuer(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        ca = TestCa.create();
        caFile = ca.writeCertificate(dir.resolve("ca.crt"));
        Path key = dir.resolve("sa.key");
        SigningKey signingKey = SigningKey.read(TestKeys.writePrivate(keyType(), key));
        server = SaIssuerProcess.serve(
                        dir,
                        "--service-account-signing-key-file",
                        key.toString(),
                        "--state-dir",
                        dir.resolve("state").toString())
                .issuerOnFreePort("https://localhost:%d" + issuerPath())
                .tls(ca)
                .start();
        for (TokenCase token : TokenCase.values()) {
            tokens.put(token, token.mint(signingKey, server.issuer(), dir));
        }
    }

    @AfterAll
    void stopIssuer() throws java.io.IOException {
        if (server != null) {
            server.close();
        }
        StringBuilder table = new StringBuilder();
        verdicts.forEach((name, verdict) -> table.append(name)
                .append(" -> ")
                .append(verdict.accepted() ? "accepted: " : "rejected: ")
                .append(verdict.detail())
                .append('\n'));
        java.nio.file.Files.writeString(
                Path.of("target", getClass().getSimpleName() + "-verdicts.txt"), table.toString());
    }

    private void record(String library, TokenCase token, RelyingParty.Verdict verdict) {
        verdicts.put(library + " " + token, verdict);
        token.assertVerdict(verdict);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenCase.class)
    void nimbusOauth2OidcSdk(TokenCase token) throws Exception {
        record(
                "nimbus",
                token,
                new NimbusRelyingParty(server.issuer(), TokenCase.AUDIENCE, ca.clientContext())
                        .verify(tokens.get(token)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenCase.class)
    void springSecurityJwtDecoders(TokenCase token) throws Exception {
        record(
                "spring",
                token,
                SpringRelyingParty.verify(server.issuer(), TokenCase.AUDIENCE, ca.clientContext(), tokens.get(token)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenCase.class)
    void nodeOpenidClientAndJose(TokenCase token) {
        if (nodeVerdicts == null) {
            nodeVerdicts = NodeRelyingParty.verifyAll(server.issuer(), TokenCase.AUDIENCE, caFile, tokens, dir);
        }
        record("node", token, nodeVerdicts.get(token));
    }
}
