package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit against a deliberately broken issuer: each planted defect makes exactly the checks named for it fail,
 * each failure says what was expected and what was found, and the clean fixture passes everything.
 */
class PlantedDefectTest {
    @TempDir
    static Path dir;

    static TestPki pki;

    @BeforeAll
    static void makeCa() {
        pki = TestPki.create(dir);
    }

    static Stream<Defect> specDefects() {
        return Arrays.stream(Defect.values()).filter(d -> !d.profiles);
    }

    static Stream<Defect> profileDefects() {
        return Arrays.stream(Defect.values()).filter(d -> d.profiles);
    }

    @ParameterizedTest(name = "{0} is caught by {0}.failingChecks")
    @MethodSource("specDefects")
    void eachDefectIsCaughtByItsCheck(Defect defect) {
        try (FixtureIssuer fixture = FixtureIssuer.start(pki, dir.resolve(defect + ".key"), "/clusters/a", defect)) {
            Report report = ConformanceKit.run(fixture.issuer(), null, null, pki.caCertificate);
            assertCaughtExactly(defect, report);
            assertEquals(defect == Defect.NONE, report.passed());
            if (defect == Defect.PRIVATE_KEY_MEMBER) {
                assertFalse(report.text().contains("\"d\":"), "the report must not echo private members");
            }
        }
    }

    /**
     * Every profile at once against an issuer named like a public one: each profile defect fails exactly its checks
     * (and what follows from it), a clean issuer passes every profile, and no profile check is skipped on it.
     */
    @ParameterizedTest(name = "{0} is caught by {0}.failingChecks with every profile")
    @MethodSource("profileDefects")
    void eachProfileDefectIsCaughtByItsProfile(Defect defect) {
        Path key = dir.resolve(defect + ".key");
        try (FixtureIssuer fixture = FixtureIssuer.start(pki, key, "/clusters/a", defect, true);
                ForwardingProxy proxy = fixture.proxy()) {
            Report report =
                    ConformanceKit.run(fixture.issuer(), null, null, pki.caCertificate, Profile.ALL, proxy.address());
            assertCaughtExactly(defect, report);
            assertEquals(defect == Defect.PROFILES_NONE, report.passed(), report.text());
            for (Profile profile : Profile.ALL) {
                for (Check check : profile.checks()) {
                    assertEquals(
                            defect.failingChecks.contains(check.id())
                                    ? CheckResult.Outcome.FAIL
                                    : CheckResult.Outcome.PASS,
                            report.result(check.id()).outcome(),
                            report.text());
                }
            }
        }
    }

    @Test
    void everyProfileCheckIsCaughtBySomeDefect() {
        Set<String> caught = new TreeSet<>();
        profileDefects().forEach(d -> caught.addAll(d.failingChecks));
        Profile.ALL.forEach(p -> p.checks().forEach(c -> assertTrue(caught.contains(c.id()), c.id())));
    }

    private static void assertCaughtExactly(Defect defect, Report report) {
        assertEquals(new TreeSet<>(defect.failingChecks), new TreeSet<>(report.failedCheckIds()), report.text());
        for (String id : defect.failingChecks) {
            CheckResult failed = report.result(id);
            assertFalse(failed.mismatches().isEmpty(), id + " must say what it expected and found");
            failed.mismatches()
                    .forEach(m ->
                            assertTrue(!m.expected().isBlank() && !m.found().isBlank(), m.toString()));
        }
    }

    @ParameterizedTest(name = "clean {0} fixture passes with no skipped document check")
    @EnumSource(TestKeys.Type.class)
    void cleanFixturePasses(TestKeys.Type type) {
        Defect clean = Defect.NONE;
        try (FixtureIssuer fixture = FixtureIssuer.start(pki, dir.resolve("clean-" + type + ".key"), "", clean)) {
            Report report = ConformanceKit.run(fixture.issuer(), null, null, pki.caCertificate);
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
