package org.fountain.filters.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.fountain.filters.InvalidFilterException;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and hostile expressions thrown at validation and evaluation: each is accepted or refused quickly, and
 * evaluation either answers or fails with a {@link FilterEvaluationException}; nothing hangs, nothing else escapes.
 */
class FilterFuzzTest {

    private static final FilterLanguage LANGUAGE = new FilterLanguage(MockAlerts.schema());
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Map<String, Object> VALUES = AlertValues.of(MockAlerts.toRecord(MockAlert.withHistory(
            "ZTF26fuzzzzz",
            1,
            2461370.5,
            10,
            10,
            18,
            IntStream.range(0, 30)
                    .mapToObj(i -> new MockAlert.PastPoint(2461340.5 + i, 1, (long) i, 20.0, 18.5, 0.1))
                    .toList())));

    static List<String> hostile() {
        String hundred = IntStream.range(0, 100).mapToObj(Integer::toString).collect(Collectors.joining(","));
        return List.of(
                "(".repeat(5000) + "true" + ")".repeat(5000),
                "!".repeat(10_000) + "true",
                "candidate.magpsf < 18.0" + " && candidate.magpsf < 18.0".repeat(2000),
                "'" + "a".repeat(1_000_000) + "' == objectId",
                "99999999999999999999999999999999999999 > 1",
                "1e999999 > candidate.magpsf",
                "[" + hundred + "].all(a, [" + hundred + "].all(b, [" + hundred + "].all(c, a + b + c >= 0)))",
                "prv_candidates.all(a, prv_candidates.all(b, prv_candidates.all(c, prv_candidates.all(d, true))))",
                "objectId.matches('(a+)+$') || objectId.matches('^(a|a)*$')",
                "objectId.matches('" + "(".repeat(300) + "a" + ")".repeat(300) + "')",
                "objectId.matches('[')",
                "objectId == '\u202Eftz\u202C'",
                "candid\u200Bate.magpsf < 18.0",
                "саndidate.magpsf < 18.0",
                "candidate.magpsf < 18.0 /* comment */",
                "candidate.magpsf < 18.0 // trailing comment",
                "\u0000",
                "",
                "   \n\t  ",
                "candidate.magpsf <",
                "{'a': 1}.a == 1",
                "[1, 2, 3][10] == 1",
                "1 / 0 == 1",
                "int(objectId) > 0",
                "size(objectId) > 0 && objectId[0] == 'Z'",
                "dyn(candidate).magpsf < 18.0",
                "type(candidate) == map",
                "candidate.magpsf.magpsf < 1.0",
                "has(candidate.nope)",
                "timestamp('2026-01-01T00:00:00Z') < timestamp('2027-01-01T00:00:00Z')",
                "duration('1000000000000000h') > duration('1s')",
                "prv_candidates.map(p, prv_candidates.map(q, prv_candidates.map(r, p.jd + q.jd + r.jd))).size() > 0",
                "cone(candidate.ra, candidate.dec, 1e308, -1e308, 1e308)",
                "sep_arcsec(0.0/0.0, 1.0, 2.0, 3.0) > 0.0",
                "mag_from_njy(-1.0) < 20.0");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileExpressionsAreAnsweredOrRefusedQuickly(String expression) {
        assertTimeoutPreemptively(BOUND, () -> validateAndRun(expression));
    }

    @Test
    void randomTokenSoupNeverHangsOrCrashes() {
        String[] tokens = {
            "candidate",
            ".",
            "magpsf",
            "rb",
            "fid",
            "isdiffpos",
            "prv_candidates",
            "objectId",
            "candid",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            "?",
            "&&",
            "||",
            "!",
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "+",
            "-",
            "*",
            "/",
            "%",
            "in",
            "true",
            "false",
            "null",
            "1",
            "2.5",
            "-3",
            "'t'",
            "\"x\"",
            "b'y'",
            "1u",
            "exists",
            "all",
            "map",
            "filter",
            "size",
            "has",
            "p",
            "cone",
            "abs",
            "matches",
            "startsWith",
            "int",
            "double",
            "string"
        };
        SplittableRandom random = new SplittableRandom(20261126);
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            int length = 1 + random.nextInt(25);
            StringBuilder expression = new StringBuilder();
            for (int t = 0; t < length; t++) {
                expression.append(tokens[random.nextInt(tokens.length)]).append(random.nextInt(4) == 0 ? "" : " ");
            }
            String text = expression.toString();
            boolean[] ok = new boolean[1];
            assertTimeoutPreemptively(BOUND, () -> ok[0] = validateAndRun(text), text);
            accepted += ok[0] ? 1 : 0;
        }
        // the soup is mostly nonsense, but not all of it
        assertThat(accepted).isBetween(1, 2999);
    }

    @Test
    void mutatedRealFiltersStayBounded() {
        List<String> seeds = List.of(
                "candidate.magpsf < 18.5 && candidate.rb > 0.65 && candidate.isdiffpos == 't'",
                "prv_candidates.exists(p, p.magpsf != null && p.magpsf - candidate.magpsf > 0.5)",
                "cone(candidate.ra, candidate.dec, 150.1, 2.2, 30.0) && abs(candidate.magdiff) <= 0.1");
        SplittableRandom random = new SplittableRandom(7);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            char[] chars = seeds.get(random.nextInt(seeds.size())).toCharArray();
            for (int m = 0; m < 1 + random.nextInt(4); m++) {
                chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
            }
            String text = new String(chars);
            try {
                assertTimeoutPreemptively(BOUND, () -> validateAndRun(text), text);
            } catch (AssertionError e) {
                failures.add(text + ": " + e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
    }

    /** True when the expression compiled; fails the test if anything but the expected errors escapes. */
    private static boolean validateAndRun(String expression) {
        FilterProgram program;
        try {
            program = LANGUAGE.compile(expression);
        } catch (InvalidFilterException refused) {
            assertThat(refused.problems()).isNotEmpty();
            return false;
        }
        try {
            program.matches(VALUES);
        } catch (FilterEvaluationException failedOnThisAlert) {
            assertThat(failedOnThisAlert.getMessage()).isNotNull();
        }
        return true;
    }
}
