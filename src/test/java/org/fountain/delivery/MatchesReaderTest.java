package org.fountain.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.alerts.AlertSummary;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every consumer of the matches topic skips and counts the same records: those no alert's match can be. */
class MatchesReaderTest {

    private final MatchRecords records = new MatchRecords(JsonMapper.builder().build());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MatchesReader.Reader reader = new MatchesReader(records, meters).reader("test", "test.unreadable");

    private static AlertSummary alert(String stream, String topic, int partition, long offset) {
        return new AlertSummary(stream, 1, "ZTF26read", 61_000, 1, 2, 18.0, "g", topic, partition, offset);
    }

    private ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>("fountain.matches", 0, 0, new byte[0], value);
    }

    private ConsumerRecord<byte[], byte[]> record(AlertMatches matches) {
        return record(records.encode(matches));
    }

    @Test
    void readsAMatchAndSkipsAndCountsEachKindOfRecordNoMatchCanBe() {
        long now = System.currentTimeMillis();
        AlertMatches good = new AlertMatches(alert("ztf", "ztf_x", 0, 0), now, new long[] {7}, false);
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        batch.add(record("{not json".getBytes(StandardCharsets.UTF_8)));
        batch.add(record(new AlertMatches(alert(" ", "ztf_x", 0, 0), now, new long[] {7}, false)));
        batch.add(record(new AlertMatches(alert("ztf", "ztf_x", 0, 0), 0, new long[] {7}, false)));
        batch.add(record(new AlertMatches(alert("ztf", "ztf_x", 0, 0), now + 2 * 86_400_000L, new long[] {7}, false)));
        batch.add(record(new AlertMatches(alert("ztf", "ztf_x", -1, 0), now, new long[] {7}, false)));
        batch.add(record(new AlertMatches(alert("ztf", "ztf_x", 0, -5), now, new long[] {7}, false)));
        batch.add(record(new AlertMatches(alert("ztf", "no/such topic", 0, 0), now, new long[] {7}, false)));
        batch.add(record("{\"stream\":\"ztf\",\"filters\":[1]}".getBytes(StandardCharsets.UTF_8)));
        batch.add(new ConsumerRecord<>("fountain.matches", 0, 9, new byte[0], null));
        batch.add(record(good));

        assertThat(reader.read(batch)).containsExactly(good);
        assertThat(meters.counter("test.unreadable").count()).isEqualTo(9);
    }

    @Test
    void aMatchMadeWithinTheClockSkewAheadIsRead() {
        long soon = System.currentTimeMillis() + 3_600_000L;
        AlertMatches ahead = new AlertMatches(alert("lsst", "lsst-alerts-v11", 3, 42), soon, new long[0], true);
        assertThat(reader.read(record(ahead))).isEqualTo(ahead);
        assertThat(meters.counter("test.unreadable").count()).isZero();
    }
}
