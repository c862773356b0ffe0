package dev.saissuer.conformance;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Spring Security's resource-server setup: JwtDecoders.fromIssuerLocation discovers the issuer (and requires the
 * metadata's issuer to match) and builds a NimbusJwtDecoder over its jwks_uri; the default validators (issuer,
 * timestamps with 60s skew) plus an audience validator, as an application configures them.
 */
final class SpringRelyingParty {
    private SpringRelyingParty() {}

    /**
     * JwtDecoders fetches with a RestTemplate over HttpURLConnection, which takes its TLS trust from the JVM-wide
     * defaults: they point at the test CA only for the duration of this call.
     */
    static synchronized RelyingParty.Verdict verify(String issuer, String audience, SSLContext tls, String token)
            throws Exception {
        SSLSocketFactory previousFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
        SSLContext previousContext = SSLContext.getDefault();
        HttpsURLConnection.setDefaultSSLSocketFactory(tls.getSocketFactory());
        SSLContext.setDefault(tls);
        try {
            NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer);
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                    JwtValidators.createDefaultWithIssuer(issuer), new JwtAudienceValidator(audience)));
            try {
                return RelyingParty.Verdict.accept(decoder.decode(token).getSubject());
            } catch (JwtException e) {
                return RelyingParty.Verdict.reject(e);
            }
        } finally {
            HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
            SSLContext.setDefault(previousContext);
        }
    }
}
