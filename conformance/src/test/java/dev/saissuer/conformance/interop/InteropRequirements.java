package dev.saissuer.conformance.interop;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What an interop test needs from the machine. CI installs it ({@code .ci/setup.d}), so under {@code CI=true} a
 * missing dependency fails the test; elsewhere the test is skipped and says how to install what is missing.
 */
final class InteropRequirements {
    private InteropRequirements() {}

    static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static void require(boolean present, String missing, String howToInstall) {
        if (present) {
            return;
        }
        String message = missing + " (install it with: " + howToInstall + ")";
        if (underCi()) {
            fail("CI=true and " + message);
        }
        // Surefire does not show why a class was aborted in @BeforeAll, so say it on the console as well.
        System.err.println("interop: skipped: " + message);
        Assumptions.assumeTrue(false, message);
    }
}
