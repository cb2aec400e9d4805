package org.fountain.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
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
 * Filter evaluation per alert, one thread: converting a ZTF-shaped alert with 30 history entries for CEL, then running
 * a typical filter on it. Run: {@code ./mvnw -Pbenchmark verify -Djmh.args="MatchBenchmark"}.
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

    @Param({
        "candidate.magpsf < 18.5 && candidate.rb >= 0.65 && candidate.isdiffpos == 't'",
        "prv_candidates.exists(p, p.magpsf != null && p.magpsf - candidate.magpsf > 0.5)"
    })
    public String expression;

    private GenericRecord alert;
    private FilterProgram program;

    @Setup
    public void setUp() {
        List<MockAlert.PastPoint> history = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            history.add(new MockAlert.PastPoint(
                    2461340.5 + i,
                    1 + i % 2,
                    i % 4 == 0 ? null : (long) i,
                    20.3,
                    i % 4 == 0 ? null : 18.4,
                    i % 4 == 0 ? null : 0.05));
        }
        alert = MockAlerts.toRecord(MockAlert.withHistory("ZTF26benchmk", 1, 2461370.5, 10, 10, 17.8, history));
        program = new FilterLanguage(MockAlerts.schema()).compile(expression);
    }

    @Benchmark
    public boolean convertAndMatch() throws Exception {
        Map<String, Object> values = AlertValues.of(alert);
        return program.matches(values);
    }
}
