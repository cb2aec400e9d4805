package org.fountain.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterEvaluationException;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.filters.language.FilterProgram;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;

/** A program rebuilt from its kept checked syntax tree decides every alert as the freshly compiled one does. */
class CheckedProgramsTest {

    @Test
    void aProgramFromKeptBytesMatchesAndFailsExactlyAsTheCompiledOne() {
        List<Alert> alerts = TestbedAlerts.decoded(1500, 5).stream()
                .filter(a -> a.stream().equals("ztf"))
                .toList();
        TestbedAlerts.spoil(alerts, 5);
        List<GenericRecord> records = alerts.stream().map(Alert::record).toList();
        FilterLanguage language = new FilterLanguage(MockAlerts.schema());
        FilterGenerator generator = FilterGenerator.ztf(5, records.subList(0, 300));
        int compared = 0;
        int matched = 0;
        int failed = 0;
        List<String> differences = new ArrayList<>();
        for (int f = 0; f < 500; f++) {
            String expression = generator.next();
            FilterProgram compiled = language.compile(expression);
            FilterProgram kept = language.fromChecked(FilterLanguage.checkedBytes(compiled));
            for (GenericRecord record : records) {
                String a = outcome(compiled, record);
                String b = outcome(kept, record);
                compared++;
                matched += a.equals("true") ? 1 : 0;
                failed += a.equals("error") ? 1 : 0;
                if (!a.equals(b) && differences.size() < 10) {
                    differences.add(expression + ": compiled " + a + ", kept " + b);
                }
            }
        }
        assertThat(differences).isEmpty();
        assertThat(compared).isGreaterThan(400_000);
        assertThat(matched).isPositive();
        assertThat(failed).isPositive();
    }

    private static String outcome(FilterProgram program, GenericRecord record) {
        try {
            return Boolean.toString(program.matches(AlertValues.lazily(record)));
        } catch (FilterEvaluationException e) {
            return "error";
        }
    }
}
