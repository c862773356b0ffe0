package dev.saissuer.keys;

import java.security.PublicKey;

/**
 * A public key ready to publish: its kid, the JWS algorithm kube-apiserver signs with for it, and where it came
 * from ({@code file: block N (TYPE)}). Only ever holds the public half.
 */
public record LoadedKey(String kid, String algorithm, PublicKey publicKey, String origin) {}
