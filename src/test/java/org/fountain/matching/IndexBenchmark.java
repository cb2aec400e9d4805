package org.fountain.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.simulator.MockAlerts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Alerts matched per second on one thread against 1,000, 10,000 and 100,000 realistic ZTF filters
 * ({@link RealisticFilters}), indexed and by evaluating every filter (as Fountain did before the index), on testbed
 * alerts decoded as ingest decodes them; and how many single-filter changes the index absorbs per second. Run:
 *
 * <pre>
 * ./mvnw -Pbenchmark verify -Djmh.args="IndexBenchmark"
 * </pre>
 *
 * Setup prints how long compiling and indexing took, where the filters went, and how many candidates and CEL runs an
 * alert costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
public class IndexBenchmark {

    @Param({"1000", "10000", "100000"})
    public int filters;

    private List<GenericRecord> alerts;
    private List<CompiledFilter> compiled;
    private StreamIndex index;
    private FieldRef[] fields;
    private Samples samples;
    private int next;

    @Setup
    public void setUp() {
        List<Alert> decoded = TestbedAlerts.decoded(6_000, 42).stream()
                .filter(a -> a.stream().equals("ztf"))
                .toList();
        alerts = decoded.stream().map(Alert::record).toList();
        RealisticFilters generator = new RealisticFilters(42, alerts.subList(0, 1000));
        FilterLanguage language = new FilterLanguage(MockAlerts.schema());
        FieldIds ids = new FieldIds();
        compiled = new ArrayList<>(filters);
        long start = System.nanoTime();
        for (int i = 0; i < filters; i++) {
            compiled.add(TestFilters.compile(language, ids, i, "ztf", generator.next()));
        }
        long compiledAt = System.nanoTime();
        fields = ids.all();
        samples = new Samples();
        samples.ensure(fields.length);
        for (GenericRecord alert : alerts) {
            samples.offer(new AlertFields(alert, fields));
        }
        index = StreamIndex.build(compiled, fields, new Estimates(samples));
        long indexedAt = System.nanoTime();
        long matches = 0;
        long candidates = 0;
        for (GenericRecord alert : alerts.subList(0, 500)) {
            Evaluation evaluation = new Evaluation(alert, index, 0, (filter, inARow, error) -> {});
            index.candidates(evaluation.fields(), evaluation);
            matches += evaluation.matched().size();
            candidates += evaluation.candidates();
        }
        long runs = compiled.stream().mapToLong(f -> f.counters().evaluations()).sum();
        Map<String, Integer> access = index.accessCounts();
        System.out.printf(
                "%n%,d filters: compiled in %.1f s (%.0f µs each), indexed in %d ms; access predicates %s;"
                        + " per alert %.1f candidates, %.1f CEL runs, %.1f matches%n",
                filters,
                (compiledAt - start) / 1e9,
                (compiledAt - start) / 1e3 / filters,
                (indexedAt - compiledAt) / 1_000_000,
                access,
                candidates / 500.0,
                runs / 500.0,
                matches / 500.0);
    }

    private int match(GenericRecord alert) {
        Evaluation evaluation = new Evaluation(alert, index, 0, (filter, inARow, error) -> {});
        index.candidates(evaluation.fields(), evaluation);
        return evaluation.matched().size();
    }

    private GenericRecord nextAlert() {
        GenericRecord alert = alerts.get(next);
        next = next + 1 == alerts.size() ? 0 : next + 1;
        return alert;
    }

    @Benchmark
    public int indexed() {
        return match(nextAlert());
    }

    /** Saving one filter: the index with one filter replaced (new estimates, the touched structures rebuilt). */
    @Benchmark
    public StreamIndex replaceOne() {
        CompiledFilter filter = compiled.get(next);
        next = next + 1 == compiled.size() ? 0 : next + 1;
        return index.with(List.of(filter.id()), List.of(filter), fields, new Estimates(samples));
    }

    @Benchmark
    public int everyFilter() throws Exception {
        Map<String, Object> values = AlertValues.of(nextAlert());
        int matched = 0;
        for (CompiledFilter filter : compiled) {
            try {
                if (filter.program().matches(values)) {
                    matched++;
                }
            } catch (org.fountain.filters.language.FilterEvaluationException e) {
                // counted by the matcher; the benchmark only pays for it
            }
        }
        return matched;
    }
}
