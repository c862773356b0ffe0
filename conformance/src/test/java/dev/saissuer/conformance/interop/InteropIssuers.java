package dev.saissuer.conformance.interop;

import java.nio.file.Path;

/** TEMPORARY: chooses the stand-in (-Dinterop.standIn=true) until sa-issuer serve is on main. */
final class InteropIssuers {
    private InteropIssuers() {
    }

    static PublishedIssuer start(Path workDir, TestCertificateAuthority tls, Path keyDir, SaIssuerServer.Rotation rotation)
            throws Exception {
        if (Boolean.getBoolean("interop.standIn")) {
            return StandInIssuer.start(tls, keyDir);
        }
        return SaIssuerServer.start(workDir, tls, keyDir, rotation);
    }
}
