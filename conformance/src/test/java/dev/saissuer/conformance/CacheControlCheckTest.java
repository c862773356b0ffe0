package dev.saissuer.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What http-cache-control accepts (RFC 9111 §5.2.2): a max-age a relying party can cache by, nothing forbidding it. */
class CacheControlCheckTest {
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            public, max-age=3600          | ok
            max-age=60                    | ok
            MAX-AGE=86400, public         | ok
            max-age="300"                 | ok
            NONE                          | no Cache-Control header
            public                        | no max-age
            max-age=0                     | max-age 0
            max-age=86401                 | max-age 86401
            max-age=99999999999999999999  | max-age 99999999999999999999
            no-store                      | no-store
            public, max-age=60, no-cache  | no-cache
            private, max-age=60           | private
            s-maxage=60                   | no max-age
            """)
    void judgesCacheControl(String header, String verdict) {
        Optional<String> problem = HttpChecks.cacheControlProblem(Optional.ofNullable(header));
        if (verdict.equals("ok")) {
            assertEquals(Optional.empty(), problem);
        } else {
            assertEquals(true, problem.orElse("").contains(verdict), problem.orElse("accepted"));
        }
    }
}
