package dev.saissuer.issuer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kubeadm-like control-plane node under a temp directory: etc/kubernetes/pki/sa.pub made by
 * {@code sa-issuer keygen} (sa.key is removed, as the pod never sees it), a TLS certificate in
 * etc/kubernetes/pki/sa-issuer/, and an empty var/lib/sa-issuer.
 */
record KubeadmNode(Path root, String kid, TestCa tls) {
    private static final Pattern KID = Pattern.compile("kid (\\S+)");

    static KubeadmNode create(Path root) throws Exception {
        Path pki = Files.createDirectories(root.resolve("etc/kubernetes/pki"));
        Files.createDirectories(pki.resolve("sa-issuer"));
        Files.createDirectories(root.resolve("var/lib/sa-issuer"));
        JavaJar.Run keygen = JavaJar.saIssuer()
                .run(root, null, "keygen", "--out", pki.resolve("sa.key").toString());
        String output = keygen.output();
        assertEquals(0, keygen.exitCode(), output);
        Matcher kid = KID.matcher(output);
        assertTrue(kid.find(), "keygen prints the kid: " + output);
        Files.delete(pki.resolve("sa.key"));
        TestCa tls = TestCa.create();
        tls.writeServer(pki.resolve("sa-issuer/tls.crt"), pki.resolve("sa-issuer/tls.key"));
        return new KubeadmNode(root, kid.group(1), tls);
    }

    /** Where a host path of a real node is in this layout. */
    Path host(String absolutePath) {
        return root.resolve(absolutePath.substring(1));
    }

    /** The node must still hold no private service-account key, and the state dir must have been written. */
    void assertAfterServing() throws Exception {
        assertTrue(Files.notExists(host("/etc/kubernetes/pki/sa.key")));
        try (var files = Files.list(host("/var/lib/sa-issuer"))) {
            List<Path> state = files.toList();
            assertTrue(!state.isEmpty(), "the key timeline is kept in the state directory");
        }
    }
}
