package dev.saissuer.conformance.interop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeyFiles;
import dev.saissuer.keys.LoadedKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A COPY of issuer/src/test/java/dev/saissuer/issuer/upstream/KubeApiserverStandIn.java (until the testkit
 * module holds one for both). A STAND-IN for kube-apiserver on the two paths mirror mode reads, for tests; not
 * kube-apiserver. It follows
 * kubernetes/kubernetes: pkg/routes/openidmetadata.go serves {@code /.well-known/openid-configuration} as
 * {@code application/json} and {@code /openid/v1/jwks} as {@code application/jwk-set+json}, both with
 * {@code Cache-Control: public, max-age=3600}, and the discovery document's {@code jwks_uri} names the server's
 * external address (here an unroutable TEST-NET-3 address, so a client that followed it would fail). The
 * authentication filter (staging/src/k8s.io/apiserver/pkg/endpoints/filters/authentication.go, Unauthorized)
 * answers a request whose bearer token no authenticator accepts with 401 and a metav1.Status body. A missing
 * token is 401 here too, as with {@code --anonymous-auth=false}; with anonymous auth on, kube-apiserver would
 * answer 403 (system:anonymous is not bound to system:service-account-issuer-discovery), which
 * {@link #forbidden} models. HTTPS on loopback with the caller's certificate, on a free port.
 */
final class KubeApiserverStandIn implements AutoCloseable {
    /** The body of apierrors.NewUnauthorized("Unauthorized") as kube-apiserver writes it. */
    public static final String UNAUTHORIZED_BODY = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
            + "\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";

    /** Where a real cluster's kube-apiserver would advertise its JWKS: an address no test can reach. */
    public static final URI EXTERNAL_JWKS_URI = URI.create("https://203.0.113.10:6443/openid/v1/jwks");

    private static final String DISCOVERY = "/.well-known/openid-configuration";
    private static final String JWKS = "/openid/v1/jwks";

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> seenTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private volatile byte[] discovery;
    private volatile byte[] jwks;
    private volatile boolean forbidden;

    private final String url;

    private volatile String keysIssuer;
    private volatile Path keyDir;

    private KubeApiserverStandIn(HttpsServer server, String host) {
        this.server = server;
        this.url = "https://" + host + ":" + server.getAddress().getPort(); // kept: it names the source after close
    }

    /** On loopback; {@code host} is the name the certificate carries (127.0.0.1 or localhost). */
    public static KubeApiserverStandIn start(SSLContext tls, String host) throws IOException {
        return start(tls, host, 0);
    }

    /** On a given port: a restart of the same server, e.g. with a certificate from a rotated cluster CA. */
    public static KubeApiserverStandIn start(SSLContext tls, String host, int port) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        KubeApiserverStandIn standIn = new KubeApiserverStandIn(server, host);
        server.createContext("/", standIn::handle);
        server.setExecutor(standIn.executor);
        server.start();
        return standIn;
    }

    /** What an in-cluster client gives as the server, like https://kubernetes.default.svc. */
    public int port() {
        return URI.create(url).getPort();
    }

    public String url() {
        return url;
    }

    /**
     * Serves the public halves of the key files in {@code dir}, read again on every request: kube-apiserver's
     * --service-account-key-file, with a restart after every change made instant.
     */
    public void serveKeysOf(String issuer, Path dir) {
        keysIssuer = issuer;
        keyDir = dir;
    }

    /** Serves these exact documents (e.g. Kubernetes' own golden bytes). */
    public void serve(byte[] discoveryBytes, byte[] jwksBytes) {
        keyDir = null;
        discovery = discoveryBytes.clone();
        jwks = jwksBytes.clone();
    }

    /** Serves these keys under this issuer, rendered in kube-apiserver's form, jwks_uri the external address. */
    public void serve(String issuer, List<LoadedKey> keys) {
        keyDir = null;
        serveNow(IssuerDocuments.render(IssuerUrl.parse(issuer, false), EXTERNAL_JWKS_URI, keys));
    }

    private void serveNow(IssuerDocuments documents) {
        discovery = documents.discovery().bytes();
        jwks = documents.jwks().bytes();
    }

    /** Only these bearer tokens authenticate from now on; any other gets 401. */
    public void acceptOnly(String... tokens) {
        acceptedTokens.clear();
        acceptedTokens.addAll(List.of(tokens));
    }

    /** Authenticated callers get 403, as one without the discovery ClusterRole binding would. */
    public void forbidden(boolean value) {
        forbidden = value;
    }

    /** Bearer tokens that were accepted so far. */
    public Set<String> seenTokens() {
        return Set.copyOf(seenTokens);
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String token = authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring("Bearer ".length())
                    : null;
            if (token == null || !acceptedTokens.contains(token)) {
                send(exchange, 401, "application/json", UNAUTHORIZED_BODY.getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            seenTokens.add(token);
            Path dir = keyDir;
            if (dir != null) {
                serveNow(IssuerDocuments.render(
                        IssuerUrl.parse(keysIssuer, false), EXTERNAL_JWKS_URI, KeyFiles.readPublicKeys(dir)));
            }
            if (forbidden) {
                String message =
                        "forbidden: User \\\"system:serviceaccount:sa-issuer:sa-issuer\\\" cannot get path \\\"" + path
                                + "\\\"";
                send(exchange, 403, "application/json", status(403, "Forbidden", message), null);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "application/json", status(405, "MethodNotAllowed", "method not allowed"), null);
            } else if (path.equals(DISCOVERY) && discovery != null) {
                send(exchange, 200, "application/json", discovery, "public, max-age=3600");
            } else if (path.equals(JWKS) && jwks != null) {
                jwksRequests.incrementAndGet();
                send(exchange, 200, "application/jwk-set+json", jwks, "public, max-age=3600");
            } else {
                send(
                        exchange,
                        404,
                        "application/json",
                        status(404, "NotFound", "the server could not find the" + " requested resource"),
                        null);
            }
        } finally {
            exchange.close();
        }
    }

    private static byte[] status(int code, String reason, String message) {
        return ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                        + message + "\",\"reason\":\"" + reason + "\",\"details\":{},\"code\":" + code + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body, String cacheControl)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (cacheControl != null) {
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        }
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
