package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saissuer.testkit.JavaJar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tokens from the real {@code sa-issuer mint} (a child process), shaped as kube-apiserver mints them. */
final class CliTokens {
    private CliTokens() {}

    /** A token for {@code system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT}, with any further mint flags. */
    static String mint(
            Path dir,
            Path signingKey,
            String issuer,
            String namespace,
            String serviceAccount,
            String audience,
            String... more) {
        List<String> args = new ArrayList<>(List.of(
                "mint",
                "--service-account-signing-key-file",
                signingKey.toString(),
                "--service-account-issuer",
                issuer,
                "--namespace",
                namespace,
                "--service-account",
                serviceAccount,
                "--audience",
                audience));
        args.addAll(List.of(more));
        JavaJar.Run run = JavaJar.saIssuer().run(dir, null, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.report());
        return run.out().strip();
    }

    /** The token every relying party must accept: the subject and audience {@link TokenCase#VALID} carries. */
    static String valid(Path dir, Path signingKey, String issuer) {
        return mint(dir, signingKey, issuer, "interop", "client", TokenCase.AUDIENCE);
    }
}
