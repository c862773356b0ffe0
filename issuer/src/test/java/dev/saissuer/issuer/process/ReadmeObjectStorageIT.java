package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.saissuer.testkit.ChildProcesses;
import dev.saissuer.testkit.Eventually;
import dev.saissuer.testkit.FreePorts;
import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.stores.StoreServers;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's "Publishing to object storage" walk-through, run as written: its shell blocks, taken from README.md
 * by their markers, run with bash from the repository root as a user pastes them, against the real s3proxy and
 * Azurite, on free ports, with {@code mktemp -d} under a temp directory. The output must show the documents
 * published and served by the store, a token accepted with the store's URL as issuer, the old key kept across
 * runs through its retention and then dropped, and its token refused; and the block's own {@code kill} must end
 * its servers. Whatever is left is killed with the whole process group.
 */
class ReadmeObjectStorageIT {
    static final String README = "README.md";
    static final String MARKER = "<!-- readme-test: object-storage ";
    static final String SETUP = ".ci/setup.d/object-storage.sh";
    static final Duration TIMEOUT = Duration.ofMinutes(4);
    static final String SUBJECT = "subject: system:serviceaccount:demo:app";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s3", "azure"})
    void theReadmeWalkThroughRunsAsWritten(String store) throws Exception {
        Path repo = repoRoot();
        String readme = Files.readString(repo.resolve(README));
        String storeBlock = block(readme, store);
        requireInstalled(repo, store, storeBlock);
        assertEquals(
                repo.resolve("issuer/target/sa-issuer.jar"),
                JavaJar.saIssuer().jar(),
                "the README runs the jar the build made");
        Path script = Files.writeString(
                dir.resolve(store + ".sh"), "set -eo pipefail\n" + storeBlock + block(readme, "publish"));
        int[] ports = {FreePorts.loopback(), FreePorts.loopback(), FreePorts.loopback()};
        String issuer = store.equals("s3")
                ? "http://127.0.0.1:" + ports[1] + "/issuer-bucket/cluster-a"
                : "http://127.0.0.1:" + ports[2] + "/devstoreaccount1/issuer-container/cluster-a";
        String to = store.equals("s3") ? "s3://issuer-bucket/cluster-a" : "azblob://issuer-container/cluster-a";

        Path log = dir.resolve(store + ".log");
        Process bash = shell(repo, script, log, ports).start();
        ProcessGroup group = new ProcessGroup(bash.pid());
        try {
            Eventually.await("bash leads its own process group", Duration.ofSeconds(10), group::led);
            boolean finished = bash.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            String out = Files.readString(log);
            assertTrue(finished, "the walk-through did not finish within " + TIMEOUT + ":\n" + out);
            assertEquals(0, bash.exitValue(), out);
            checkOutput(out, to, issuer);
            Eventually.await(
                    "the block's kill ends its servers",
                    Duration.ofSeconds(20),
                    () -> group.members().isEmpty(),
                    () -> "still running: " + group.members());
        } finally {
            group.kill();
            bash.destroyForcibly();
        }
    }

    /** bash running the script from the repository root, as a user's shell, with the ports and TMPDIR set. */
    private ProcessBuilder shell(Path repo, Path script, Path log, int[] ports) {
        // setsid: bash leads a process group of its own (a child of the JVM never leads one, so setsid execs
        // in place), and everything the blocks start belongs to it.
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "--noprofile", "--norc", script.toString())
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> (name.startsWith("SA_ISSUER_") && !name.equals("SA_ISSUER_CACHE"))
                        || name.startsWith("AWS_")
                        || name.startsWith("AZURE_"));
        env.put("PATH", Path.of(JavaJar.java()).getParent() + File.pathSeparator + env.get("PATH"));
        env.put("TMPDIR", dir.toString());
        env.put("S3_PORT", String.valueOf(ports[0]));
        env.put("PUBLIC_PORT", String.valueOf(ports[1]));
        env.put("AZURITE_PORT", String.valueOf(ports[2]));
        // Nothing but loopback: no instance-metadata lookups, no profile files.
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_CONFIG_FILE", "/nonexistent");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        return builder;
    }

    private static void checkOutput(String out, String to, String issuer) {
        String first = kid(out, "first.key");
        String second = kid(out, "second.key");
        String lower = out.toLowerCase(Locale.ROOT);
        List<String> expected = List.of(
                "key " + first + ": added",
                "published 2 document(s) to " + to,
                "\"kid\":\"" + first + "\"",
                SUBJECT,
                "\"iss\":\"" + issuer + "\"",
                "key " + first + ": kept",
                "key " + second + ": added",
                "key " + first + ": retained until ",
                SUBJECT,
                "key " + first + ": dropped",
                "sa-issuer: token rejected: no key with kid " + first,
                "refused (exit 1)",
                SUBJECT);
        int at = 0;
        for (String line : expected) {
            int found = out.indexOf(line, at);
            assertTrue(
                    found >= 0,
                    "expected, in this order: " + expected + "\nmissing after offset " + at + ": " + line + "\n" + out);
            at = found + line.length();
        }
        assertTrue(lower.contains("content-type: application/jwk-set+json"), out);
        assertTrue(lower.contains("cache-control: public, max-age=3600"), out);
        assertEquals(3, count(out, SUBJECT), "three tokens accepted:\n" + out);
        assertTrue(!out.contains("PRIVATE KEY"), "no private key material in the output");
    }

    /** The body of the {@code ```sh} block that follows {@code <!-- readme-test: object-storage NAME -->}. */
    static String block(String readme, String name) {
        String marker = MARKER + name + " -->\n";
        int at = readme.indexOf(marker);
        assertTrue(at >= 0 && readme.indexOf(marker, at + 1) < 0, "one " + marker.trim() + " in " + README);
        String rest = readme.substring(at + marker.length());
        assertTrue(rest.startsWith("```sh\n"), "a ```sh block follows " + marker.trim());
        int end = rest.indexOf("\n```\n");
        assertTrue(end > 0, "the block after " + marker.trim() + " ends");
        return rest.substring("```sh\n".length(), end + 1);
    }

    private static String kid(String out, String keyFile) {
        Matcher m = Pattern.compile(
                        "wrote " + Pattern.quote(keyFile) + " \\(private, 0600\\) and \\S+ \\(public\\); kid (\\S+)")
                .matcher(out);
        assertTrue(m.find(), "keygen --out " + keyFile + " printed its kid:\n" + out);
        return m.group(1);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The servers the README starts must be installed where it looks, at the versions the setup script installs
     * (and the README names). Under CI=true a missing one fails; elsewhere the test is skipped with the command.
     */
    private static void requireInstalled(Path repo, String store, String storeBlock) throws IOException {
        String setup = Files.readString(repo.resolve(SETUP));
        String server = store.equals("s3")
                ? "s3proxy-" + version(setup, "S3PROXY_VERSION") + ".jar"
                : "azurite-" + version(setup, "AZURITE_VERSION") + "/node_modules/.bin/azurite-blob";
        assertTrue(storeBlock.contains("\"$cache/" + server + "\""), "the README runs " + server + " as installed");
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(StoreServers.cache().resolve(server))) {
            missing.add(StoreServers.cache().resolve(server) + " (bash " + SETUP + ")");
        }
        for (String tool : List.of("curl", "setsid")) {
            if (ChildProcesses.run(Duration.ofSeconds(10), List.of("bash", "-c", "command -v " + tool)) != 0) {
                missing.add(tool + " (apt-get install curl util-linux)");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the README's walk-through needs " + missing;
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        Assumptions.abort(message);
    }

    private static String version(String setup, String variable) {
        Matcher m = Pattern.compile("(?m)^" + variable + "=(\\S+)$").matcher(setup);
        assertTrue(m.find(), SETUP + " sets " + variable);
        return m.group(1);
    }

    private static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(README)) && Files.isRegularFile(p.resolve(SETUP))) {
                return p;
            }
        }
        throw new IllegalStateException("no " + SETUP + " above " + Path.of("").toAbsolutePath());
    }
}
