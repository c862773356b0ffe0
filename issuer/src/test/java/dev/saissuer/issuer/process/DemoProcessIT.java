package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.SaIssuerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: {@code serve --demo} with no other flag serves both documents and a working token. */
class DemoProcessIT {
    @Test
    void demoServesBothDocumentsAndItsTokenVerifies(@TempDir Path dir) throws Exception {
        try (SaIssuerProcess server = SaIssuerProcess.serve(
                        dir, "--demo", "--port", Integer.toString(FreePorts.loopback()))
                .dropRoot()
                .start()) {
            server.await("the sample token", Duration.ofSeconds(10), () -> server.log()
                    .contains("Try:"));
            Matcher token =
                    Pattern.compile("\\n(eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+)\\n").matcher(server.log());
            assertTrue(token.find(), server.log());

            HttpResponse<String> discovery = server.get(server.url("/.well-known/openid-configuration"));
            assertEquals(200, discovery.statusCode());
            assertEquals(
                    "application/json",
                    discovery.headers().firstValue("Content-Type").orElseThrow());
            String issuer = server.json(server.url("/.well-known/openid-configuration"))
                    .path("issuer")
                    .asText();
            assertTrue(issuer.matches("http://localhost:\\d+"), issuer);
            HttpResponse<String> jwks = server.get(server.url("/openid/v1/jwks"));
            assertEquals(200, jwks.statusCode());

            JWSObject jws = JWSObject.parse(token.group(1));
            RSAKey key = JWKSet.parse(jwks.body())
                    .getKeyByKeyId(jws.getHeader().getKeyID())
                    .toRSAKey();
            assertTrue(jws.verify(new RSASSAVerifier(key)), "the printed token verifies against the served JWKS");
            assertEquals(issuer, jws.getPayload().toJSONObject().get("iss"));

            assertEquals(0, server.stop(), "SIGTERM exits 0\n" + server.log());
        }
    }
}
