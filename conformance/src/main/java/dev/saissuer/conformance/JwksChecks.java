package dev.saissuer.conformance;

import com.nimbusds.jose.jwk.JWK;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The JWK Set as a set: its format, each key's members, and what must never be in it. */
final class JwksChecks {
    static final Check SET_FORMAT = new Check(
            "rfc7517-5-set-format",
            "RFC 7517 §5",
            "the JWK Set is a JSON object with a \"keys\" member: a non-empty array of JSON objects");
    static final Check MEMBERS = new Check(
            "rfc7517-4-members",
            "RFC 7517 §4",
            "every key has a string kty and a string kid; use, alg are strings and key_ops an array where present; "
                    + "each key parses as a JWK");
    static final Check USE_SIG = new Check(
            "rfc7517-4.2-use-sig",
            "RFC 7517 §4.2",
            "every key says use \"sig\": these keys verify signatures and nothing else");
    static final Check UNIQUE_KIDS = new Check(
            "rfc7517-4.5-unique-kids",
            "RFC 7517 §4.5",
            "no two keys share a kid, so a token's kid selects exactly one key");
    static final Check NO_PRIVATE_MEMBERS = new Check(
            "rfc7518-6-no-private-members",
            "RFC 7518 §6.2.2, §6.3.2, §6.4.1",
            "no key carries a private or symmetric member (d, p, q, dp, dq, qi, oth, k)");
    static final List<Check> ALL = List.of(SET_FORMAT, MEMBERS, USE_SIG, UNIQUE_KIDS, NO_PRIVATE_MEMBERS);

    static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private JwksChecks() {}

    static List<CheckResult> run(Observed observed) {
        if (observed.jwksJson() == null) {
            List<CheckResult> results = new ArrayList<>();
            results.add(
                    observed.jwks() == null
                            ? CheckResult.skip(SET_FORMAT, observed.jwksError())
                            : CheckResult.fail(
                                    SET_FORMAT,
                                    List.of(new CheckResult.Mismatch(
                                            "GET " + observed.jwks().uri(), "a JSON object", observed.jwksError()))));
            for (Check check : ALL.subList(1, ALL.size())) {
                results.add(CheckResult.skip(check, "JWK Set unavailable"));
            }
            return results;
        }
        List<Map<String, Object>> keys = observed.keys();
        List<CheckResult> results = new ArrayList<>();
        results.add(setFormat(observed.jwksJson(), keys));
        List<CheckResult.Mismatch> members = new ArrayList<>();
        List<CheckResult.Mismatch> use = new ArrayList<>();
        List<CheckResult.Mismatch> secrets = new ArrayList<>();
        List<CheckResult.Mismatch> duplicates = new ArrayList<>();
        Map<Object, Integer> firstWithKid = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Map<String, Object> key = keys.get(i);
            String where = "keys[" + i + "]";
            memberTypes(where, key, members);
            if (!"sig".equals(key.get("use"))) {
                use.add(new CheckResult.Mismatch(where + ".use", "\"sig\"", Json.show(key.get("use"))));
            }
            for (String name : PRIVATE_MEMBERS) {
                if (key.containsKey(name)) {
                    // Name the member only: the value is secret material and must not reach a report.
                    secrets.add(new CheckResult.Mismatch(
                            where, "no \"" + name + "\" member", "\"" + name + "\" present (value not shown)"));
                }
            }
            Object kid = key.get("kid");
            Integer first = firstWithKid.putIfAbsent(kid, i);
            if (kid != null && first != null) {
                duplicates.add(new CheckResult.Mismatch(
                        where + ".kid",
                        "a kid no other key has",
                        Json.show(kid) + ", also the kid of keys[" + first + "]"));
            }
        }
        results.add(CheckResult.of(MEMBERS, members, Json.count(keys.size(), "key")));
        results.add(CheckResult.of(USE_SIG, use, "all sig"));
        results.add(CheckResult.of(UNIQUE_KIDS, duplicates, Json.count(firstWithKid.size(), "distinct kid")));
        results.add(CheckResult.of(NO_PRIVATE_MEMBERS, secrets, "public members only"));
        return results;
    }

    private static CheckResult setFormat(Map<String, Object> set, List<Map<String, Object>> keys) {
        Object member = set.get("keys");
        if (!(member instanceof List<?> list)) {
            return CheckResult.fail(
                    SET_FORMAT, List.of(new CheckResult.Mismatch("keys", "an array", Json.show(member))));
        }
        if (list.isEmpty()) {
            return CheckResult.fail(SET_FORMAT, List.of(new CheckResult.Mismatch("keys", "at least one key", "[]")));
        }
        if (keys.size() != list.size()) {
            return CheckResult.fail(
                    SET_FORMAT,
                    List.of(new CheckResult.Mismatch(
                            "keys",
                            "JSON objects only",
                            (list.size() - keys.size()) + " elements that are not objects")));
        }
        return CheckResult.pass(SET_FORMAT, Json.count(keys.size(), "key"));
    }

    private static void memberTypes(String where, Map<String, Object> key, List<CheckResult.Mismatch> problems) {
        for (String name : List.of("kty", "kid")) {
            if (!(key.get(name) instanceof String value) || value.isEmpty()) {
                problems.add(
                        new CheckResult.Mismatch(where + "." + name, "a non-empty string", Json.show(key.get(name))));
            }
        }
        for (String name : List.of("use", "alg")) {
            if (key.containsKey(name) && !(key.get(name) instanceof String)) {
                problems.add(new CheckResult.Mismatch(where + "." + name, "a string", Json.show(key.get(name))));
            }
        }
        if (key.containsKey("key_ops") && Json.stringArray(key.get("key_ops")) == null) {
            problems.add(
                    new CheckResult.Mismatch(where + ".key_ops", "an array of strings", Json.show(key.get("key_ops"))));
        }
        try {
            JWK.parse(Json.write(publicView(key)));
        } catch (ParseException e) {
            problems.add(new CheckResult.Mismatch(where, "a JWK that parses", e.getMessage()));
        }
    }

    /** The key without private members, so that no parse error message can echo secret material. */
    static Map<String, Object> publicView(Map<String, Object> key) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(key);
        PRIVATE_MEMBERS.forEach(copy::remove);
        return copy;
    }
}
