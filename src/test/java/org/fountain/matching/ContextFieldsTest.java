package org.fountain.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.fountain.alerts.Alert;
import org.fountain.context.AlertContexts;
import org.fountain.context.ContextSource;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.MatchedFilter;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.simulator.MockAlerts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A context source's field is typed, indexed and matched like a packet field: filters on it compile (a misspelt one
 * does not), the index answers them exactly as evaluating every filter does, and the source is asked at most once an
 * alert, only for alerts some filter reads it for, its failures read as null.
 */
class ContextFieldsTest {

    private static final Schema PROBE = SchemaBuilder.record("Probe")
            .fields()
            .requiredDouble("distance")
            .optionalString("label")
            .endRecord();

    /** Distance in RA from 150°, and a label for alerts east of it; none for alerts near RA 0; fails near RA 300. */
    private static final class Probe implements ContextSource {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public String name() {
            return "probe";
        }

        @Override
        public @Nullable Schema schemaFor(String stream) {
            return stream.equals("ztf") ? PROBE : null;
        }

        @Override
        public @Nullable Object valueFor(Alert alert) {
            asked.incrementAndGet();
            if (alert.ra() < 10) {
                return null;
            }
            if (alert.ra() > 300 && alert.ra() < 310) {
                throw new IllegalStateException("a lookup that fails");
            }
            GenericData.Record value = new GenericData.Record(PROBE);
            value.put("distance", Math.abs(alert.ra() - 150));
            value.put("label", alert.ra() > 150 ? "east" : null);
            return value;
        }
    }

    @Test
    void filtersOnAContextFieldAreTypedIndexedAndMatchedAsEvaluatingEveryFilterDoes() {
        Probe probe = new Probe();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AlertContexts contexts = new AlertContexts(List.of(probe), meters);
        Schema typing = contexts.typingSchema("ztf", MockAlerts.schema());
        assertThat(typing.getFields().subList(0, MockAlerts.schema().getFields().size()))
                .extracting(Schema.Field::name)
                .containsExactlyElementsOf(MockAlerts.schema().getFields().stream()
                        .map(Schema.Field::name)
                        .toList());
        assertThat(typing.getField("probe")).isNotNull();
        assertThat(contexts.typingSchema("lsst", MockAlerts.schema())).isSameAs(MockAlerts.schema());

        FilterLanguage language = new FilterLanguage(typing);
        assertThatThrownBy(() -> language.compile("probe.distanse < 1.0"))
                .isInstanceOf(InvalidFilterException.class)
                .hasMessageContaining("distance");
        FieldIds ids = new FieldIds();
        List<String> expressions = List.of(
                "probe.distance < 30.0",
                "probe.distance >= 100.0 && candidate.magpsf < 19.0",
                "has(probe.label) && probe.label == 'east' && probe.distance < 60.0",
                "probe == null",
                "candidate.magpsf < 18.0");
        List<CompiledFilter> filters = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            filters.add(TestFilters.compile(language, ids, i + 1, "ztf", expressions.get(i)));
        }
        FieldRef[] fields = ids.all();
        Samples none = new Samples();
        none.ensure(fields.length);
        StreamIndex index = StreamIndex.build(filters, fields, new Estimates(none));

        int[] matchedByEach = new int[expressions.size()];
        int failed = 0;
        List<Alert> alerts = TestbedAlerts.decoded(3000, 11).stream()
                .filter(a -> a.stream().equals("ztf"))
                .toList();
        for (Alert decoded : alerts) {
            Alert alert = contexts.attach(decoded);
            Set<Long> expected = new TreeSet<>();
            Set<Long> expectedFailures = new TreeSet<>();
            for (CompiledFilter filter : filters) {
                try {
                    if (filter.program().matches(AlertValues.lazily(alert.record()))) {
                        expected.add(filter.id());
                    }
                } catch (org.fountain.filters.language.FilterEvaluationException | RuntimeException e) {
                    expectedFailures.add(filter.id());
                }
            }
            Set<Long> failures = new TreeSet<>();
            Evaluation evaluation = new Evaluation(
                    contexts.attach(decoded).record(), index, 0, (filter, inARow, error) -> failures.add(filter.id()));
            index.candidates(evaluation.fields(), evaluation);
            Set<Long> indexed = new TreeSet<>();
            for (MatchedFilter m : evaluation.matched()) {
                indexed.add(m.id());
            }
            assertThat(indexed).as("alert at RA %.2f", decoded.ra()).isEqualTo(expected);
            assertThat(failures).as("alert at RA %.2f", decoded.ra()).isEqualTo(expectedFailures);
            for (long id : expected) {
                matchedByEach[(int) id - 1]++;
            }
            failed += expectedFailures.size();
        }
        // every filter on the context matched some alerts and missed others: the test tells them apart
        for (int i = 0; i < 4; i++) {
            assertThat(matchedByEach[i]).as(expressions.get(i)).isBetween(1, alerts.size() - 1);
        }
        assertThat(failed).isPositive(); // a null context makes probe.distance an error, as a null record would
        assertThat(meters.counter("fountain.context.failures", "source", "probe")
                        .count())
                .isPositive();
        // asked once per attached alert that a filter read it for: twice per alert here (the judge and the index)
        assertThat(probe.asked.get()).isEqualTo(2 * alerts.size());
    }

    @Test
    void anAlertWhoseContextNoFilterReadsNeverAsksTheSource() {
        Probe probe = new Probe();
        AlertContexts contexts = new AlertContexts(List.of(probe), new SimpleMeterRegistry());
        Alert alert = contexts.attach(TestbedAlerts.decoded(10, 3).stream()
                .filter(a -> a.stream().equals("ztf"))
                .findFirst()
                .orElseThrow());
        assertThat(alert.record().get("objectId")).isNotNull();
        assertThat(probe.asked).hasValue(0);
        Object first = alert.record().get("probe");
        assertThat(alert.record().get("probe")).isSameAs(first);
        assertThat(probe.asked).hasValue(1);
        Alert lsst = TestbedAlerts.decoded(40, 3).stream()
                .filter(a -> a.stream().equals("lsst"))
                .findFirst()
                .orElseThrow();
        assertThat(contexts.attach(lsst)).isSameAs(lsst);
        assertThat(new AlertContexts(List.of(), new SimpleMeterRegistry()).attach(alert))
                .isSameAs(alert);
    }

    @Test
    void aSourceNamedAsAFieldOfThePacketIsLeftOutOfThatStream() {
        ContextSource clash = new ContextSource() {
            @Override
            public String name() {
                return "candidate";
            }

            @Override
            public Schema schemaFor(String stream) {
                return PROBE;
            }

            @Override
            public Object valueFor(Alert alert) {
                throw new AssertionError("never asked");
            }
        };
        AlertContexts contexts = new AlertContexts(List.of(clash), new SimpleMeterRegistry());
        assertThat(contexts.typingSchema("ztf", MockAlerts.schema())).isSameAs(MockAlerts.schema());
    }
}
