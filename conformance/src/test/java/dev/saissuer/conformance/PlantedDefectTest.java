package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.testkit.TestCa;
import dev.saissuer.testkit.TestKeys;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kit against a deliberately broken issuer: each planted defect makes exactly the checks named for it fail,
 * each failure says what was expected and what was found, and the clean fixture passes everything.
 */
class PlantedDefectTest {
    @TempDir
    static Path dir;

    static TestCa ca;

    static Path caFile;

    @BeforeAll
    static void makeCa() {
        ca = TestCa.create();
        caFile = ca.writeCertificate(dir.resolve("ca.crt"));
    }

    @ParameterizedTest(name = "{0} is caught by {0}.failingChecks")
    @EnumSource(Defect.class)
    void eachDefectIsCaughtByItsCheck(Defect defect) {
        try (FixtureIssuer fixture = FixtureIssuer.start(ca, dir.resolve(defect + ".key"), "/clusters/a", defect)) {
            Report report = ConformanceKit.run(fixture.issuer(), null, null, caFile);
            assertEquals(new TreeSet<>(defect.failingChecks), new TreeSet<>(report.failedCheckIds()), report.text());
            for (String id : defect.failingChecks) {
                CheckResult failed = report.result(id);
                assertFalse(failed.mismatches().isEmpty(), id + " must say what it expected and found");
                failed.mismatches()
                        .forEach(m ->
                                assertTrue(!m.expected().isBlank() && !m.found().isBlank(), m.toString()));
            }
            assertEquals(defect == Defect.NONE, report.passed());
            if (defect == Defect.PRIVATE_KEY_MEMBER) {
                assertFalse(report.text().contains("\"d\":"), "the report must not echo private members");
            }
        }
    }

    @ParameterizedTest(name = "clean {0} fixture passes with no skipped document check")
    @EnumSource(TestKeys.Type.class)
    void cleanFixturePasses(TestKeys.Type type) {
        Defect clean = Defect.NONE;
        try (FixtureIssuer fixture = FixtureIssuer.start(ca, dir.resolve("clean-" + type + ".key"), "", clean)) {
            Report report = ConformanceKit.run(fixture.issuer(), null, null, caFile);
            assertTrue(report.passed(), report.text());
            Set<String> skipped = new TreeSet<>();
            report.results().stream()
                    .filter(r -> r.outcome() == CheckResult.Outcome.SKIP)
                    .forEach(r -> skipped.add(r.check().id()));
            skipped.removeIf(
                    id -> id.startsWith("token-") || id.startsWith("rfc7518-6.2.1") || id.startsWith("rfc7518-6.3.1"));
            assertEquals(Set.of(), skipped, report.text());
        }
    }
}
