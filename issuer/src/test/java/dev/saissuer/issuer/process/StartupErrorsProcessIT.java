package dev.saissuer.issuer.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.testkit.JavaJar;
import dev.saissuer.testkit.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** At startup, bad input is one line on stderr naming the flag or file, and exit code 2. */
class StartupErrorsProcessIT {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "garbage key file|--service-account-key-file GARBAGE|GARBAGE: no PEM block found",
                "missing key file|--service-account-key-file DIR/none.pub|DIR/none.pub: no such file or directory",
                "corrupt state|--service-account-key-file GOOD --state-dir STATE|timeline.json: unreadable state file",
                "TLS without key|--service-account-key-file GOOD --tls-cert-file GOOD|--tls-cert-file and --tls-private-key-file go together",
                "bad metrics address|--service-account-key-file GOOD --metrics-bind-address nowhere|--metrics-bind-address: \"nowhere\" must be ADDR:PORT",
            })
    void badInputAtStartIsOneLineAndExit2(String name, String flags, String message, @TempDir Path dir)
            throws Exception {
        TestKeys.Pair good = TestKeys.write(TestKeys.Type.RSA, dir.resolve("keys"), "good");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "garbage\n");
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("timeline.json"), "{");
        List<String> args = new ArrayList<>(List.of("serve", "--service-account-issuer", "https://issuer.example.com"));
        for (String flag : flags.split(" ")) {
            args.add(flag.replace("GARBAGE", garbage.toString())
                    .replace("GOOD", good.publicKey().toString())
                    .replace("STATE", state.toString())
                    .replace("DIR", dir.toString()));
        }
        JavaJar.Run run = JavaJar.saIssuer().run(dir, null, args.toArray(String[]::new));
        String err = run.err();
        assertEquals(2, run.exitCode(), err);
        assertEquals("", run.out());
        assertEquals(1, err.lines().count(), err);
        String expected = message.replace("GARBAGE", garbage.toString()).replace("DIR", dir.toString());
        assertTrue(err.startsWith("sa-issuer: ") && err.contains(expected), err);
    }
}
