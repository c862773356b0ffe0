package dev.saissuer.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Key pairs made with the JDK's own generators for every key type kube-apiserver signs with, cached per type so
 * that the property and hygiene tests share the cost of RSA-4096 generation.
 */
final class GeneratedKeys {
    /** Each type with the JWS algorithm kube-apiserver uses for it and, for EC, the JWK curve name. */
    enum Type {
        RSA_2048("RS256", null),
        RSA_3072("RS256", null),
        RSA_4096("RS256", null),
        EC_P256("ES256", "P-256"),
        EC_P384("ES384", "P-384"),
        EC_P521("ES512", "P-521");

        final String algorithm;
        final String curve;

        Type(String algorithm, String curve) {
            this.algorithm = algorithm;
            this.curve = curve;
        }

        boolean isRsa() {
            return curve == null;
        }

        int rsaBits() {
            return Integer.parseInt(name().substring(4));
        }

        String jdkCurveName() {
            return switch (this) {
                case EC_P256 -> "secp256r1";
                case EC_P384 -> "secp384r1";
                case EC_P521 -> "secp521r1";
                default -> throw new IllegalStateException(name() + " is not EC");
            };
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Type, List<KeyPair>> CACHE = new EnumMap<>(Type.class);

    private GeneratedKeys() {}

    /** The first {@code count} cached pairs of a type, generating the missing ones. */
    static synchronized List<KeyPair> of(Type type, int count) {
        List<KeyPair> pairs = CACHE.computeIfAbsent(type, t -> new ArrayList<>());
        while (pairs.size() < count) {
            pairs.add(generate(type));
        }
        return List.copyOf(pairs.subList(0, count));
    }

    private static KeyPair generate(Type type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.isRsa() ? "RSA" : "EC");
            if (type.isRsa()) {
                generator.initialize(new RSAKeyGenParameterSpec(type.rsaBits(), RSAKeyGenParameterSpec.F4), RANDOM);
            } else {
                generator.initialize(new ECGenParameterSpec(type.jdkCurveName()), RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + type, e);
        }
    }
}
