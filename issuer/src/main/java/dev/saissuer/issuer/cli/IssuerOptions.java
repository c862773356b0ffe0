package dev.saissuer.issuer.cli;

import dev.saissuer.issuer.pipeline.IssuerConfig;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.IssuerUrl;
import java.net.URI;
import picocli.CommandLine.Option;

/** The issuer flags, named as kube-apiserver names them. */
public final class IssuerOptions {
    @Option(
            names = "--service-account-issuer",
            paramLabel = "URL",
            description = "Required, except with --upstream-url. The external issuer URL, exactly as in "
                    + "kube-apiserver's --service-account-issuer and the tokens' iss claim (a trailing slash counts).")
    String issuer;

    @Option(
            names = "--service-account-jwks-uri",
            paramLabel = "URL",
            description = "The jwks_uri to publish (default: the issuer URL + /openid/v1/jwks).")
    String jwksUri;

    @Option(
            names = "--insecure-http-loopback",
            description =
                    "Allow an http issuer on a loopback host (localhost, 127.0.0.0/8, ::1). For local demos only.")
    boolean insecureHttpLoopback;

    public IssuerUrl issuerUrl() {
        if (issuer == null || issuer.isEmpty()) {
            throw new BadInputException("--service-account-issuer is required");
        }
        return IssuerUrl.parse(issuer, insecureHttpLoopback);
    }

    /** True when {@code --service-account-issuer} was given (on the command line or in the environment). */
    public boolean given() {
        return issuer != null && !issuer.isEmpty();
    }

    /** The issuer and jwks_uri, or the demo's when {@code --demo} supplies them. */
    IssuerConfig config(Demo demo) {
        if (demo == null) {
            IssuerUrl url = issuerUrl();
            return new IssuerConfig(url, jwksUri(url));
        }
        IssuerUrl url = given() ? IssuerUrl.parse(issuer, true) : demo.issuer();
        return new IssuerConfig(
                url,
                jwksUri == null || jwksUri.isEmpty() ? url.defaultJwksUri() : IssuerUrl.parseJwksUri(jwksUri, true));
    }

    /** The issuer learnt elsewhere (mirror mode) with this command's jwks_uri. */
    IssuerConfig config(IssuerUrl url) {
        return new IssuerConfig(url, jwksUri(url));
    }

    /** Both documents for this issuer and the given keys, rendered once. */
    public IssuerDocuments render(KeySourceOptions keys) {
        IssuerUrl url = issuerUrl();
        return IssuerDocuments.render(url, jwksUri(url), keys.load());
    }

    public URI jwksUri(IssuerUrl issuerUrl) {
        return jwksUri == null || jwksUri.isEmpty()
                ? issuerUrl.defaultJwksUri()
                : IssuerUrl.parseJwksUri(jwksUri, insecureHttpLoopback);
    }
}
