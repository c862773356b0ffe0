package dev.saissuer.conformance;

/** What the relying-party adapters share: a verdict on one token, with the library's own reason on rejection. */
final class RelyingParty {
    private RelyingParty() {}

    /** Accepted (with the subject the library read) or rejected (with the library's message). */
    record Verdict(boolean accepted, String detail) {
        static Verdict accept(String subject) {
            return new Verdict(true, subject);
        }

        static Verdict reject(Exception e) {
            return new Verdict(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }

        static Verdict reject(String reason) {
            return new Verdict(false, reason);
        }
    }
}
