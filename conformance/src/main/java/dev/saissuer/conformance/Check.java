package dev.saissuer.conformance;

/**
 * One requirement the kit enforces: a stable id (used in reports and tests), the clause it comes from, and the
 * requirement in one sentence.
 */
public record Check(String id, String clause, String requirement) {
    @Override
    public String toString() {
        return id;
    }
}
