package dev.saissuer.conformance.interop;

/**
 * Marks an interop suite that runs with sa-issuer in mirror mode: the parent suite's start sees it on the test
 * class (or instance) and puts a kube-apiserver stand-in behind sa-issuer ({@link InteropIssuer#start(java.nio.file.Path,
 * java.nio.file.Path, InteropIssuer.Rotation, boolean)}).
 */
interface MirrorMode {}
