package dev.saissuer.issuer;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS client contexts that trust a given set of CA certificates, checked by the JDK's own PKIX trust manager. */
public final class TrustAnchors {
    private TrustAnchors() {}

    /** A context that trusts exactly these CAs. */
    public static SSLContext trusting(Collection<? extends Certificate> cas)
            throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int n = 0;
        for (Certificate ca : cas) {
            trusted.setCertificateEntry("ca-" + n++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** The platform's trusted CAs (the JDK's cacerts, or javax.net.ssl.trustStore when set) plus these. */
    public static SSLContext systemAnd(Collection<? extends Certificate> extra)
            throws GeneralSecurityException, IOException {
        List<Certificate> all = new ArrayList<>(List.of(systemTrustManager().getAcceptedIssuers()));
        all.addAll(extra);
        return trusting(all);
    }

    private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in the platform");
    }
}
