package dev.saissuer.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saissuer.testkit.TestKeys;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The key files every process test writes with the testkit are what the loader reads, and the kid the testkit
 * derives on its own (from the Kubernetes definition) is the kid sa-issuer derives, from either half of the pair.
 */
class TestKitKeysTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(TestKeys.Type.class)
    void loaderReadsTestKitFilesWithTheSameKid(TestKeys.Type type, @TempDir Path dir) {
        TestKeys.Pair pair = TestKeys.write(type, dir, "sa");
        String algorithm =
                switch (type) {
                    case RSA -> "RS256";
                    case EC -> "ES256";
                    case EC_P384 -> "ES384";
                };
        List<LoadedKey> fromPublic = KeyFiles.readPublicKeys(pair.publicKey());
        List<LoadedKey> fromPrivate = KeyFiles.readPublicKeys(pair.privateKey());
        assertEquals(1, fromPublic.size());
        assertEquals(pair.kid(), fromPublic.get(0).kid());
        assertEquals(algorithm, fromPublic.get(0).algorithm());
        assertEquals(pair.kid(), fromPrivate.get(0).kid());
        assertEquals(pair.kid(), SigningKey.read(pair.privateKey()).publicHalf().kid());
    }
}
