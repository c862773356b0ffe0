package dev.saissuer.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the two documents are served: status, media types and caching headers. */
final class HttpChecks {
    static final Check STATUS_200 = new Check(
            "http-status-200",
            "OpenID Connect Discovery 1.0 §4.2",
            "discovery and JWKS answer HTTP 200 exactly, with no redirect (go-oidc and Nimbus accept nothing else)");
    static final Check DISCOVERY_MEDIA_TYPE = new Check(
            "oidc-discovery-4.2-media-type",
            "OpenID Connect Discovery 1.0 §4.2",
            "the discovery document is served as application/json");
    static final Check JWKS_MEDIA_TYPE = new Check(
            "rfc7517-8.5.1-media-type",
            "RFC 7517 §8.5.1",
            "the JWK Set is served as application/jwk-set+json, the media type registered for it (as kube-apiserver serves it)");
    static final Check CACHE_CONTROL = new Check(
            "http-cache-control",
            "RFC 9111 §5.2.2.1",
            "both documents carry Cache-Control with a max-age between 1s and 24h, and no no-store, no-cache or private");
    static final List<Check> ALL = List.of(STATUS_200, DISCOVERY_MEDIA_TYPE, JWKS_MEDIA_TYPE, CACHE_CONTROL);

    /** Longer than this and a relying party keeps a retired key's absence, or a new key's presence, unseen too long. */
    static final long MAX_AGE_LIMIT_SECONDS = 24 * 3600;

    private static final Pattern MAX_AGE = Pattern.compile("(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d+)\"?\\s*(?:,|$)");

    private HttpChecks() {}

    static List<CheckResult> run(Observed observed) {
        List<CheckResult> results = new ArrayList<>();
        List<Fetched> both = new ArrayList<>();
        both.add(observed.discovery());
        if (observed.jwks() != null) {
            both.add(observed.jwks());
        }
        List<CheckResult.Mismatch> statuses = new ArrayList<>();
        for (Fetched fetched : both) {
            if (fetched.status() != 200) {
                statuses.add(new CheckResult.Mismatch("GET " + fetched.uri(), "HTTP 200", fetched.describe()));
            }
        }
        results.add(CheckResult.of(
                STATUS_200, statuses, both.size() == 2 ? "both 200" : "discovery 200; JWKS not fetched"));
        results.add(mediaType(DISCOVERY_MEDIA_TYPE, observed.discovery(), "application/json"));
        results.add(
                observed.jwks() == null
                        ? CheckResult.skip(JWKS_MEDIA_TYPE, observed.jwksError())
                        : mediaType(JWKS_MEDIA_TYPE, observed.jwks(), "application/jwk-set+json"));
        List<CheckResult.Mismatch> caching = new ArrayList<>();
        List<Fetched> answered = both.stream().filter(Fetched::answered).toList();
        if (answered.isEmpty()) {
            results.add(CheckResult.skip(CACHE_CONTROL, observed.discovery().describe()));
            return results;
        }
        for (Fetched fetched : answered) {
            cacheControlProblem(fetched.header("Cache-Control"))
                    .ifPresent(found -> caching.add(new CheckResult.Mismatch(
                            "Cache-Control of " + fetched.uri(),
                            "max-age between 1 and " + MAX_AGE_LIMIT_SECONDS
                                    + " seconds, not no-store/no-cache/private",
                            found)));
        }
        results.add(CheckResult.of(
                CACHE_CONTROL,
                caching,
                "Cache-Control " + observed.discovery().header("Cache-Control").orElse("")));
        return results;
    }

    private static CheckResult mediaType(Check check, Fetched fetched, String expected) {
        if (!fetched.answered()) {
            return CheckResult.skip(check, fetched.describe());
        }
        Optional<String> found = fetched.mediaType();
        if (found.isPresent() && found.get().equals(expected)) {
            return CheckResult.pass(check, fetched.header("Content-Type").orElse(""));
        }
        return CheckResult.fail(
                check,
                List.of(new CheckResult.Mismatch(
                        "Content-Type of " + fetched.uri(),
                        expected,
                        found.map(v -> fetched.header("Content-Type").orElse(v)).orElse("no Content-Type"))));
    }

    /** What is wrong with a Cache-Control value, if anything. */
    static Optional<String> cacheControlProblem(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.of("no Cache-Control header");
        }
        String value = header.get().toLowerCase(Locale.ROOT);
        for (String forbidden : List.of("no-store", "no-cache", "private")) {
            if (value.matches("(?:^|.*,)\\s*" + forbidden + "\\s*(?:[=,].*|$)")) {
                return Optional.of("\"" + header.get() + "\" (" + forbidden + ")");
            }
        }
        Matcher m = MAX_AGE.matcher(value);
        if (!m.find()) {
            return Optional.of("\"" + header.get() + "\" (no max-age)");
        }
        long seconds;
        try {
            seconds = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            seconds = Long.MAX_VALUE;
        }
        if (seconds < 1 || seconds > MAX_AGE_LIMIT_SECONDS) {
            return Optional.of("\"" + header.get() + "\" (max-age " + m.group(1) + ")");
        }
        return Optional.empty();
    }
}
