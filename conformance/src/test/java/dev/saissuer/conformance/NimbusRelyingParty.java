package dev.saissuer.conformance;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.text.ParseException;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Nimbus oauth2-oidc-sdk as a resource server would use it: OIDCProviderMetadata.resolve (which requires the
 * metadata's issuer to equal the one asked for), then a DefaultJWTProcessor over the remote JWK set that checks
 * the signature, iss, aud, exp and nbf.
 */
final class NimbusRelyingParty {
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    NimbusRelyingParty(String issuer, String audience, SSLContext tls) throws GeneralException, IOException {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(
                new Issuer(issuer), request -> request.setSSLSocketFactory(tls.getSocketFactory()));
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(
                        metadata.getJWKSetURI().toURL(),
                        new DefaultResourceRetriever(5000, 5000, 1024 * 1024, true, tls.getSocketFactory()))
                .build();
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                audience,
                new JWTClaimsSet.Builder()
                        .issuer(metadata.getIssuer().getValue())
                        .build(),
                Set.of("sub", "exp", "iat")));
    }

    RelyingParty.Verdict verify(String token) {
        try {
            return RelyingParty.Verdict.accept(processor.process(token, null).getSubject());
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return RelyingParty.Verdict.reject(e);
        }
    }
}
