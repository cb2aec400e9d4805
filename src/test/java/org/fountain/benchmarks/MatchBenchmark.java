package org.fountain.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.format.ContainerFileReader;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.filters.language.FilterProgram;
import org.fountain.simulator.MockAlert;
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
 * CEL evaluation on one alert, one thread, as a rewind does it: the alert converted for CEL, then a filter run on it.
 * The alert is decoded from bytes, as the listener sees it (strings are Avro {@code Utf8}): a synthetic ZTF-shaped one
 * with 30 history entries ({@code mock}), or the real ZTF packet from ../shared/alerts with the longest history
 * ({@code real-ztf}: 103 candidate fields, 57 per history entry, {@code fp_hists}). {@code convertAndMatch} converts
 * per filter run; {@code convertOnceMatchAll} converts once and runs all three filters, as matching an alert does.
 * Run: {@code ./mvnw -Pbenchmark verify -Djmh.args="MatchBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MatchBenchmark {

    private static final List<String> FILTERS = List.of(
            "candidate.magpsf < 18.5 && candidate.rb >= 0.65 && candidate.isdiffpos == 't'",
            "prv_candidates.exists(p, p.magpsf != null && p.magpsf - candidate.magpsf > 0.5)",
            // matches nothing: every history entry is read to the end
            "prv_candidates.exists(p, p.magpsf != null && p.magpsf < 5.0)");

    @Param({"mock", "real-ztf"})
    public String source;

    @Param({"0", "1", "2"})
    public int filter;

    private GenericRecord alert;
    private FilterProgram program;
    private List<FilterProgram> all;

    @Setup
    public void setUp() throws Exception {
        ContainerFileReader reader = new ContainerFileReader(10 * 1024 * 1024);
        if (source.equals("real-ztf")) {
            List<GenericRecord> decoded = new ArrayList<>();
            for (byte[] packet : RealPackets.ztf()) {
                decoded.addAll(reader.read(packet));
            }
            alert = decoded.stream()
                    .max(Comparator.comparingInt(MatchBenchmark::historyLength))
                    .orElseThrow();
        } else {
            List<MockAlert.PastPoint> history = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                history.add(new MockAlert.PastPoint(
                        2461340.5 + i,
                        1 + i % 2,
                        i % 4 == 0 ? null : (long) i,
                        20.3,
                        i % 4 == 0 ? null : 18.4 + i * 0.01,
                        i % 4 == 0 ? null : 0.05));
            }
            alert = reader.read(MockAlerts.containerFile(
                            MockAlert.withHistory("ZTF26benchmk", 1, 2461370.5, 10, 10, 17.8, history)))
                    .get(0);
        }
        FilterLanguage language = new FilterLanguage(alert.getSchema());
        all = FILTERS.stream().map(language::compile).toList();
        program = all.get(filter);
        System.out.printf(
                "%n%s: %d candidate fields, %d history entries; filter %d %s this alert%n",
                source,
                ((GenericRecord) alert.get("candidate")).getSchema().getFields().size(),
                historyLength(alert),
                filter,
                program.matches(AlertValues.of(alert)) ? "matches" : "does not match");
    }

    private static int historyLength(GenericRecord alert) {
        return alert.get("prv_candidates") instanceof List<?> history ? history.size() : 0;
    }

    @Benchmark
    public boolean convertAndMatch() throws Exception {
        Map<String, Object> values = AlertValues.of(alert);
        return program.matches(values);
    }

    @Benchmark
    public int convertOnceMatchAll() throws Exception {
        Map<String, Object> values = AlertValues.of(alert);
        int matched = 0;
        for (FilterProgram each : all) {
            if (each.matches(values)) {
                matched++;
            }
        }
        return matched;
    }
}
