package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cases of kube-apiserver's TestNewOpenIDMetadata for issuer and jwks_uri, plus sa-issuer's own. */
class IssuerUrlTest {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "issuer missing https|http://issuer.example.com|must use https",
                "issuer missing scheme|issuer.example.com|must be an absolute https URL",
                "issuer includes query|https://issuer.example.com?foo=bar|must not have a query",
                "issuer includes fragment|https://issuer.example.com#baz|must not have a fragment",
                "issuer includes query and fragment|https://issuer.example.com?foo=bar#baz|must not have a query",
                "issuer is not a valid URL|issuer|must be an absolute https URL",
                "issuer with user info|https://user@issuer.example.com|must not have user info",
                "http on loopback without the flag|http://localhost:8080|needs --insecure-http-loopback",
                "http elsewhere even with the flag is refused below|ftp://issuer.example.com|must use https",
                "spaces|https://issuer example.com|is not a valid URL",
                "IPv4 part of an IPv6 literal beyond an int|https://[::1.2.3.99999999999]|is not a valid URL",
            })
    void refusedIssuers(String name, String issuer, String reason) {
        BadInputException e = assertThrows(BadInputException.class, () -> IssuerUrl.parse(issuer, false));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void httpOnLoopbackOnlyWithTheDemoFlag() {
        assertEquals(
                "http://localhost:8080",
                IssuerUrl.parse("http://localhost:8080", true).value());
        assertEquals(
                "http://127.0.0.1:8080",
                IssuerUrl.parse("http://127.0.0.1:8080", true).value());
        assertEquals(
                "http://[::1]:8080", IssuerUrl.parse("http://[::1]:8080", true).value());
        assertThrows(BadInputException.class, () -> IssuerUrl.parse("http://issuer.example.com", true));
        assertThrows(BadInputException.class, () -> IssuerUrl.parse("http://127.example.com", true));
    }

    @Test
    void trailingSlashIsKeptInTheIssuerAndDroppedFromDerivedPaths() {
        IssuerUrl issuer = IssuerUrl.parse("https://issuer.example.com/clusters/a/", false);
        assertEquals("https://issuer.example.com/clusters/a/", issuer.value());
        assertEquals("/clusters/a/.well-known/openid-configuration", issuer.discoveryPath());
        assertEquals("/.well-known/oauth-authorization-server/clusters/a", issuer.authorizationServerMetadataPath());
        assertEquals(
                "https://issuer.example.com/clusters/a/openid/v1/jwks",
                issuer.defaultJwksUri().toString());
    }

    @Test
    void issuerWithoutPathServesAtTheRoot() {
        IssuerUrl issuer = IssuerUrl.parse("https://issuer.example.com", false);
        assertEquals("/.well-known/openid-configuration", issuer.discoveryPath());
        assertEquals("/.well-known/oauth-authorization-server", issuer.authorizationServerMetadataPath());
        assertEquals(
                "https://issuer.example.com/openid/v1/jwks",
                issuer.defaultJwksUri().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "jwks missing https|http://issuer.example.com/openid/v1/jwks|must use https",
                "jwks missing scheme|issuer.example.com/openid/v1/jwks|must be an absolute https URL",
                "jwks is not a valid URL|issuer/openid/v1/jwks|must be an absolute https URL",
                "jwks with an IPv6 literal java.net.URI trips on|https://[::1.2.3.4444444444]/jwks|is not a valid URL",
            })
    void refusedJwksUris(String name, String uri, String reason) {
        BadInputException e = assertThrows(BadInputException.class, () -> IssuerUrl.parseJwksUri(uri, false));
        assertTrue(e.getMessage().startsWith("jwks_uri"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
