package dev.saissuer.issuer.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saissuer.keys.BadInputException;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.JwkSetKeys;
import dev.saissuer.keys.KeySource;
import dev.saissuer.keys.LoadedKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * kube-apiserver's service-account keys, read from its own {@code /.well-known/openid-configuration} and
 * {@code /openid/v1/jwks} (served to holders of the ClusterRole system:service-account-issuer-discovery; see
 * kubernetes pkg/routes/openidmetadata.go). Both are fetched at the configured URL, never at the advertised
 * {@code jwks_uri}, which names kube-apiserver's external address and is often unreachable from inside. Every read
 * checks that the upstream still names the issuer learnt at start: a change is a failure, not a silent switch,
 * since the tokens relying parties hold carry the old one.
 */
public final class UpstreamKeySource implements KeySource {
    static final String JWKS_PATH = IssuerUrl.DEFAULT_JWKS_SUFFIX;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UpstreamHttp http;
    private final Path tokenFile;
    private final Path caFile;
    private final IssuerUrl issuer;

    private UpstreamKeySource(UpstreamHttp http, Path tokenFile, Path caFile, IssuerUrl issuer) {
        this.http = http;
        this.tokenFile = tokenFile;
        this.caFile = caFile;
        this.issuer = issuer;
    }

    /** The connection to an upstream at {@code url} (https, a path allowed); nothing is fetched yet. */
    public static Connection connect(String url, Path tokenFile, Path caFile) {
        return new Connection(new UpstreamHttp(base(url), tokenFile, caFile), tokenFile, caFile);
    }

    /** An upstream not yet bound to an issuer: learn it, then make the source that insists on it. */
    public static final class Connection {
        private final UpstreamHttp http;
        private final Path tokenFile;
        private final Path caFile;

        private Connection(UpstreamHttp http, Path tokenFile, Path caFile) {
            this.http = http;
            this.tokenFile = tokenFile;
            this.caFile = caFile;
        }

        /** Fetches the discovery document and returns the issuer it names. */
        public IssuerUrl fetchIssuer(boolean allowHttpLoopback) {
            return issuerOf(http, allowHttpLoopback);
        }

        public UpstreamKeySource source(IssuerUrl issuer) {
            return new UpstreamKeySource(http, tokenFile, caFile, issuer);
        }

        public String discoveryUrl() {
            return http.uri(IssuerUrl.OPENID_CONFIGURATION_SUFFIX).toString();
        }
    }

    @Override
    public String name() {
        return http.uri("").toString();
    }

    /** The issuer every read insists on. */
    public IssuerUrl issuer() {
        return issuer;
    }

    @Override
    public List<LoadedKey> read() {
        IssuerUrl now = issuerOf(http, true);
        if (!now.value().equals(issuer.value())) {
            throw new BadInputException(
                    http.uri(IssuerUrl.OPENID_CONFIGURATION_SUFFIX) + ": the upstream issuer is now \""
                            + now.value() + "\", not \"" + issuer.value()
                            + "\" as at start; keeping the keys of \"" + issuer.value() + "\" (restart to follow)");
        }
        String jwks = http.uri(JWKS_PATH).toString();
        return JwkSetKeys.parse(http.get(JWKS_PATH), jwks);
    }

    /** The token and the CA file: a change triggers a reload, which uses the new ones. */
    @Override
    public List<Path> watchedPaths() {
        List<Path> paths = new ArrayList<>();
        if (tokenFile != null) {
            paths.add(tokenFile);
        }
        if (caFile != null) {
            paths.add(caFile);
        }
        return paths;
    }

    private static IssuerUrl issuerOf(UpstreamHttp http, boolean allowHttpLoopback) {
        URI uri = http.uri(IssuerUrl.OPENID_CONFIGURATION_SUFFIX);
        byte[] body = http.get(IssuerUrl.OPENID_CONFIGURATION_SUFFIX);
        JsonNode issuer;
        try {
            issuer = JSON.readTree(body).path("issuer");
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(uri + ": not a discovery document: " + UpstreamHttp.reason(e), e);
        }
        if (!issuer.isTextual()) {
            throw new BadInputException(uri + ": not a discovery document: no \"issuer\" string");
        }
        try {
            return IssuerUrl.parse(issuer.asText(), allowHttpLoopback);
        } catch (BadInputException e) {
            throw new BadInputException(uri + ": " + e.getMessage(), e);
        }
    }

    private static URI base(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--upstream-url \"" + url + "\" is not a valid URL", e);
        }
        if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new BadInputException("--upstream-url \"" + url
                    + "\" must be an https URL with a host and no query, like https://kubernetes.default.svc");
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
}
