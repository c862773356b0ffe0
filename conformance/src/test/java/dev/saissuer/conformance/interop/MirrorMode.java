package dev.saissuer.conformance.interop;

/**
 * Marks an interop suite that runs with sa-issuer in mirror mode: the parent suite's start sees it on the test
 * class (or instance) and puts a kube-apiserver stand-in behind sa-issuer ({@link SaIssuerServer#start(java.nio.file.Path,
 * TestCertificateAuthority, java.nio.file.Path, SaIssuerServer.Rotation, boolean)}).
 */
interface MirrorMode {}
