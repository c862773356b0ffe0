package dev.saissuer.conformance.interop;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.saissuer.keys.IssuerDocuments;
import dev.saissuer.keys.IssuerUrl;
import dev.saissuer.keys.KeyFiles;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** TEMPORARY development stand-in for sa-issuer serve: renders the key directory's documents on each request. */
final class StandInIssuer implements PublishedIssuer {
    private final HttpsServer server;
    private final String issuer;
    private final TestCertificateAuthority tls;

    private StandInIssuer(HttpsServer server, String issuer, TestCertificateAuthority tls) {
        this.server = server;
        this.issuer = issuer;
        this.tls = tls;
    }

    static StandInIssuer start(TestCertificateAuthority tls, Path keyDir) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Certificate cert;
        try (InputStream in = Files.newInputStream(tls.serverCertificate())) {
            cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PrivateKey key;
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(tls.serverKey()))) {
            key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
        store.setKeyEntry("tls", key, new char[0], new Certificate[] {cert, tls.ca()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        String issuer = "https://localhost:" + server.getAddress().getPort();
        IssuerUrl url = IssuerUrl.parse(issuer, false);
        URI jwks = url.defaultJwksUri();
        server.createContext("/", exchange -> {
            IssuerDocuments documents = IssuerDocuments.render(url, jwks, KeyFiles.readPublicKeys(keyDir));
            String path = exchange.getRequestURI().getPath();
            byte[] body = path.equals(url.discoveryPath()) ? documents.discovery().bytes()
                    : path.equals(jwks.getPath()) ? documents.jwks().bytes() : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return new StandInIssuer(server, issuer, tls);
    }

    @Override
    public String issuer() {
        return issuer;
    }

    @Override
    public TestCertificateAuthority tls() {
        return tls;
    }

    @Override
    public String diagnostics() {
        return "(stand-in issuer)";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
