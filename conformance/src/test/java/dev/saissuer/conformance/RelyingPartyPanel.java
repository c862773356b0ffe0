package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saissuer.keys.SigningKey;
import dev.saissuer.testkit.TestCa;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The conformance kit, Nimbus, Spring and node, each started afresh for one look at an issuer (new decoders, a new
 * node process, a new kit run: nothing fetched earlier is cached), holding every token to its expected verdict and
 * writing each verdict, with the library's own words, to a list.
 */
final class RelyingPartyPanel {
    /**
     * The kit's checks that have nothing to check at a published bucket: the keys are RSA (no EC key for RFC 7518
     * §6.2.1), and no RFC 8414 document is served (it is optional; both stores answer its location with 404).
     */
    static final Set<String> NOTHING_TO_CHECK = Set.of("rfc7518-6.2.1-ec-parameters", "rfc8414-3.3-issuer-equality");
    /** What each library says for a token whose kid the JWK Set does not have, lower-cased. */
    static final Map<String, String> UNKNOWN_KID = Map.of(
            "kit", "token-kid-selects-key",
            "nimbus", "no matching key",
            "spring", "no matching key",
            "node", "err_jwks_no_matching_key");

    private final String issuer;
    private final TestCa ca;
    private final Path caFile;
    private final List<String> verdicts;

    RelyingPartyPanel(String issuer, TestCa ca, Path caFile, List<String> verdicts) {
        this.issuer = issuer;
        this.ca = ca;
        this.caFile = caFile;
        this.verdicts = verdicts;
    }

    /**
     * Every valid token (by name) is accepted, except those in {@code unknownKids}, rejected for their kid; the bad
     * cases, minted with {@code newest}, are rejected, each for its reason.
     */
    void verify(String step, Map<String, String> valid, Set<String> unknownKids, SigningKey newest, Path scratch)
            throws Exception {
        for (Map.Entry<String, String> token : valid.entrySet()) {
            kit(step, token.getKey(), token.getValue(), unknownKids.contains(token.getKey()));
        }
        Map<String, String> all = new LinkedHashMap<>(valid);
        for (TokenCase token : TokenCase.values()) {
            if (!token.accept) {
                all.put(token.name(), token.mint(newest, issuer, scratch));
            }
        }
        NimbusRelyingParty nimbus = new NimbusRelyingParty(issuer, TokenCase.AUDIENCE, ca.clientContext());
        Map<String, RelyingParty.Verdict> node =
                NodeRelyingParty.verifyNamed(issuer, TokenCase.AUDIENCE, caFile, all, scratch);
        for (Map.Entry<String, String> token : all.entrySet()) {
            String name = token.getKey();
            Expected expected = !valid.containsKey(name)
                    ? Expected.BAD_CASE
                    : unknownKids.contains(name) ? Expected.UNKNOWN_KID : Expected.ACCEPTED;
            judge(step, "nimbus", name, nimbus.verify(token.getValue()), expected);
            judge(
                    step,
                    "spring",
                    name,
                    SpringRelyingParty.verify(issuer, TokenCase.AUDIENCE, ca.clientContext(), token.getValue()),
                    expected);
            judge(step, "node", name, node.get(name), expected);
        }
    }

    private enum Expected {
        ACCEPTED,
        UNKNOWN_KID,
        BAD_CASE
    }

    private void kit(String step, String name, String token, boolean unknownKid) {
        Report report = ConformanceKit.run(issuer, token, TokenCase.AUDIENCE, caFile);
        verdicts.add(step + " | kit " + name + " -> "
                + (report.passed() ? "passed" : "failed " + report.failedCheckIds()) + "; skipped: "
                + skipped(report));
        Set<String> skipped = new HashSet<>(NOTHING_TO_CHECK);
        if (unknownKid) {
            assertEquals(List.of(UNKNOWN_KID.get("kit")), report.failedCheckIds(), report.text());
            skipped.add("token-rfc7515-signature"); // no key selected to verify with
        } else {
            assertTrue(report.passed(), report.text());
        }
        assertEquals(
                skipped,
                Set.copyOf(report.results().stream()
                        .filter(r -> r.outcome() == CheckResult.Outcome.SKIP)
                        .map(r -> r.check().id())
                        .toList()),
                report.text());
    }

    private void judge(String step, String library, String name, RelyingParty.Verdict verdict, Expected expected) {
        verdicts.add(step + " | " + library + " " + name + " -> " + (verdict.accepted() ? "accepted: " : "rejected: ")
                + verdict.detail());
        switch (expected) {
            case ACCEPTED -> TokenCase.VALID.assertVerdict(verdict);
            case UNKNOWN_KID ->
                assertTrue(
                        !verdict.accepted()
                                && verdict.detail().toLowerCase(Locale.ROOT).contains(UNKNOWN_KID.get(library)),
                        library + " " + name + ": " + verdict);
            case BAD_CASE -> TokenCase.valueOf(name).assertVerdict(verdict);
        }
    }

    private static String skipped(Report report) {
        return String.join(
                ", ",
                report.results().stream()
                        .filter(r -> r.outcome() == CheckResult.Outcome.SKIP)
                        .map(r -> r.check().id() + " (" + r.note() + ")")
                        .toList());
    }
}
