package dev.saissuer.conformance;

import java.util.List;

/** The outcome of one check; a failure lists every place where what was found differs from what was expected. */
public record CheckResult(Check check, Outcome outcome, String note, List<Mismatch> mismatches) {
    /** Pass, fail, or skipped because what it needs was not given or could not be fetched. */
    public enum Outcome {
        PASS,
        FAIL,
        SKIP
    }

    /** Where, what the clause requires, and what the issuer served. */
    public record Mismatch(String where, String expected, String found) {
        @Override
        public String toString() {
            return where + ": expected " + expected + ", found " + found;
        }
    }

    public CheckResult {
        mismatches = List.copyOf(mismatches);
    }

    public static CheckResult pass(Check check, String note) {
        return new CheckResult(check, Outcome.PASS, note, List.of());
    }

    public static CheckResult skip(Check check, String why) {
        return new CheckResult(check, Outcome.SKIP, why, List.of());
    }

    public static CheckResult fail(Check check, List<Mismatch> mismatches) {
        return new CheckResult(check, Outcome.FAIL, "", mismatches);
    }

    /** Pass with the note when nothing differs, otherwise fail with the mismatches. */
    public static CheckResult of(Check check, List<Mismatch> mismatches, String note) {
        return mismatches.isEmpty() ? pass(check, note) : fail(check, mismatches);
    }
}
