package org.fountain.filters.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.fountain.filters.InvalidFilterException;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;

/**
 * Each limit on an untrusted expression holds exactly at its boundary: the largest allowed expression compiles (or
 * runs) and one step more is refused. Removing or loosening a limit fails these tests.
 */
class FilterLimitsTest {

    private final FilterLanguage language = new FilterLanguage(MockAlerts.schema());

    @Test
    void anExpressionOf4096CharactersCompilesAnd4097AreRefused() {
        String base = "candidate.magpsf < 18.0";
        String atLimit = base + " ".repeat(FilterLanguage.MAX_EXPRESSION_LENGTH - base.length());
        assertThat(atLimit).hasSize(4096);
        assertThatCode(() -> language.compile(atLimit)).doesNotThrowAnyException();
        assertThatThrownBy(() -> language.compile(atLimit + " ")).isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void nestingIsLimitedToAParseDepthOf32() {
        // the expression itself takes two levels of the 32: thirty parentheses fit, thirty-one do not
        assertThatCode(() -> language.compile(nested(30))).doesNotThrowAnyException();
        assertThatThrownBy(() -> language.compile(nested(31))).isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void anExpressionOf1000NodesCompilesAnd1001AreRefused() {
        // size([1, …]) > 0 has the list's elements, the list, size, the constant and the comparison: n + 4 nodes
        assertThatCode(() -> language.compile(listOf(996))).doesNotThrowAnyException();
        assertThatThrownBy(() -> language.compile(listOf(997))).isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void comprehensionsRunTenThousandIterationsAndStopAtTheNext() throws Exception {
        Map<String, Object> alert =
                AlertValues.of(MockAlerts.toRecord(MockAlert.simple("ZTF26limit", 1, 2461000.5, 1, 1, 17)));
        // 100 outer + 100 × 99 inner iterations = 10,000; 73 + 73 × 136 = 10,001
        assertThat(language.compile(loops(100, 99)).matches(alert)).isTrue();
        assertThatThrownBy(() -> language.compile(loops(73, 136)).matches(alert))
                .isInstanceOf(FilterEvaluationException.class)
                .hasMessageContaining("Iteration budget exceeded");
    }

    private static String nested(int depth) {
        return "(".repeat(depth) + "candidate.magpsf < 18.0" + ")".repeat(depth);
    }

    private static String listOf(int elements) {
        return "size(" + list(elements) + ") > 0";
    }

    private static String loops(int outer, int inner) {
        return list(outer) + ".all(x, " + list(inner) + ".all(y, x >= 0))";
    }

    private static String list(int elements) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < elements; i++) {
            list.append(i == 0 ? "" : ",").append(1);
        }
        return list.append("]").toString();
    }
}
