package org.fountain.filters.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;

/** The one list of functions: the language takes each of them as listed, and the README's table lists exactly them. */
class FunctionRegistryTest {

    private static final FilterLanguage LANGUAGE = new FilterLanguage(MockAlerts.schema());

    @Test
    void theLanguageTakesEveryListedFunctionWithItsParametersAndResult() {
        for (FilterFunction f : AstronomyFunctions.FUNCTIONS) {
            String call = f.name() + "("
                    + String.join(
                            ", ", java.util.Collections.nCopies(f.parameters().size(), "1.0")) + ")";
            String expression = "bool".equals(f.returns()) ? call : call + " > -1000000.0";
            LANGUAGE.compile(expression);
            // one argument too many is refused
            String extra = f.name() + "("
                    + String.join(
                            ", ", java.util.Collections.nCopies(f.parameters().size() + 1, "1.0")) + ")";
            assertThatThrownBy(() -> LANGUAGE.compile("bool".equals(f.returns()) ? extra : extra + " > 0.0"))
                    .as(f.name())
                    .isInstanceOf(RuntimeException.class);
        }
        // a function not listed is unknown, and the nearest listed one is suggested
        assertThatThrownBy(() -> LANGUAGE.compile("mjd_to_jdd(1.0) > 0.0")).hasMessageContaining("mjd_to_jd");
    }

    @Test
    void theReadmeTableListsExactlyTheFunctionsWithTheirParameters() throws Exception {
        Path readme = Path.of("README.md");
        assertThat(readme).exists();
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf("| function | result |");
        assertThat(start).as("the README's function table").isNotNegative();
        List<String> listed = new ArrayList<>();
        Pattern signature = Pattern.compile("`([a-z_]+\\([^`]*\\))`");
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String firstColumn = lines.get(i).split("\\|")[1];
            Matcher m = signature.matcher(firstColumn);
            while (m.find()) {
                listed.add(m.group(1));
            }
        }
        assertThat(listed)
                .containsExactlyInAnyOrderElementsOf(AstronomyFunctions.FUNCTIONS.stream()
                        .map(FilterFunction::signature)
                        .toList());
    }
}
