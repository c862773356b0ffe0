package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secret hygiene of everything the keys module hands out: for many generated keys of every supported type, in
 * every private PEM form, the JWKS and the discovery document (parsed as JSON, not grepped) hold no private JWK
 * member, and no rendered byte, toString or exception message spells a private value in base64url, base64, hex
 * or decimal. Damaged private key files are refused without repeating their key material.
 */
class KeyOutputHygieneTest {
    /** Keys per type: 37 in all, every one in each private form that applies to it. */
    static int keysOf(GeneratedKeys.Type type) {
        return switch (type) {
            case RSA_2048 -> 4;
            case RSA_3072 -> 2;
            case RSA_4096 -> 1;
            default -> 10;
        };
    }

    static Stream<Arguments> privateForms() {
        List<Arguments> cases = new ArrayList<>();
        for (GeneratedKeys.Type type : GeneratedKeys.Type.values()) {
            for (PemForms form : PemForms.values()) {
                if (form.isPrivate && form.appliesTo(type)) {
                    cases.add(Arguments.of(type, form));
                }
            }
        }
        return cases.stream();
    }

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("privateForms")
    void publishedDocumentsHoldNoPrivateParameter(GeneratedKeys.Type type, PemForms form) throws IOException {
        for (KeyPair pair : GeneratedKeys.of(type, keysOf(type))) {
            Path file = Files.writeString(directory.resolve("sa.key"), form.write(pair), StandardCharsets.US_ASCII);
            List<String> secrets = PrivateValues.spellings(pair.getPrivate());
            List<LoadedKey> keys = KeyFiles.readPublicKeys(file);
            IssuerDocuments documents =
                    IssuerDocuments.render(PublishedKeyChecks.ISSUER, PublishedKeyChecks.ISSUER.defaultJwksUri(), keys);
            requireClean(documents, secrets);
            SigningKey signingKey = SigningKey.read(file);
            assertNull(PrivateValues.firstLeak(signingKey.toString(), secrets), "SigningKey.toString");
            assertNull(PrivateValues.firstLeak(signingKey.publicHalf().toString(), secrets), "public half toString");
        }
    }

    /** Every key of every type and private form in one directory, published together. */
    @Test
    void oneDirectoryOfEveryTypeAndFormPublishesOnlyPublicHalves() throws IOException {
        List<String> secrets = new ArrayList<>();
        int files = 0;
        for (GeneratedKeys.Type type : GeneratedKeys.Type.values()) {
            for (KeyPair pair : GeneratedKeys.of(type, keysOf(type))) {
                secrets.addAll(PrivateValues.spellings(pair.getPrivate()));
                for (PemForms form : PemForms.values()) {
                    if (form.isPrivate && form.appliesTo(type)) {
                        Files.writeString(
                                directory.resolve(String.format("%03d-%s.pem", files++, form)),
                                form.write(pair),
                                StandardCharsets.US_ASCII);
                    }
                }
            }
        }
        List<LoadedKey> keys = KeyFiles.readPublicKeys(directory);
        assertEquals(files, keys.size());
        IssuerDocuments documents =
                IssuerDocuments.render(PublishedKeyChecks.ISSUER, PublishedKeyChecks.ISSUER.defaultJwksUri(), keys);
        JWKSet parsed = requireClean(documents, secrets);
        assertEquals(distinctKeys(), parsed.getKeys().size(), "one JWK per key, whatever the number of forms");
    }

    private static int distinctKeys() {
        int count = 0;
        for (GeneratedKeys.Type type : GeneratedKeys.Type.values()) {
            count += keysOf(type);
        }
        return count;
    }

    /** JSON-level and byte-level checks of both documents and of the snapshot's toString. */
    static JWKSet requireClean(IssuerDocuments documents, List<String> secrets) {
        for (byte[] document :
                List.of(documents.jwks().bytes(), documents.discovery().bytes())) {
            assertEquals(
                    List.of(),
                    LoaderContract.privateMemberPaths(LoaderContract.parseJson(document)),
                    "private JWK members in a published document");
            assertNull(
                    PrivateValues.firstLeak(new String(document, StandardCharsets.ISO_8859_1), secrets),
                    "a published document spells a private value");
        }
        assertNull(PrivateValues.firstLeak(documents.toString(), secrets), "IssuerDocuments.toString");
        for (LoadedKey key : documents.keys()) {
            assertNull(PrivateValues.firstLeak(key.toString(), secrets), "LoadedKey.toString");
        }
        JWKSet parsed = PublishedKeyChecks.requireSane(documents.keys());
        for (JWK jwk : parsed.getKeys()) {
            assertFalse(jwk.isPrivate(), "Nimbus sees a private JWK");
        }
        assertEquals(parsed.toPublicJWKSet().toString(), parsed.toString(), "JWKS equals its public-only view");
        return parsed;
    }
}
