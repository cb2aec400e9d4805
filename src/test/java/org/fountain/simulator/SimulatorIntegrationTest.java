package org.fountain.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fountain.FountainIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The testbed's synthetic ZTF and Rubin packets, published to the real broker, are ingested by Fountain. */
class SimulatorIntegrationTest extends FountainIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void fountainIngestsTheTestbedsZtfAndRubinPackets() throws Exception {
        double ztfBefore = alerts("ztf");
        double lsstBefore = alerts("lsst");
        SimulatorProperties properties = Testbed.properties(Testbed.parse(new String[] {
            "--rate", "200", "--seed", "11", "--surveys", "ztf,lsst", "--lsst-share", "0.5", "--partitions", "1"
        }));
        // a fixed night: the topic the loop writes to is the one created here, whatever the day the test runs
        Clock night = Clock.fixed(Instant.parse("2026-11-26T06:00:00Z"), ZoneOffset.UTC);
        String ztfTopic = Topics.ztf("ztf", org.fountain.alerts.Sky.julianDate(night.millis()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(ztfTopic, 1, (short) 1), new NewTopic("lsst-alerts-v90-mock", 1, (short) 1)))
                    .all()
                    .get();
        }
        int[] sent = new int[2];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                10_485_760))) {
            MockStreamLoop loop = new MockStreamLoop(
                    new SyntheticSource(properties),
                    message -> {
                        sent[message.topic().startsWith("ztf_") ? 0 : 1]++;
                        producer.send(new ProducerRecord<>(message.topic(), message.key(), message.value()));
                    },
                    MockStreamLoop.Settings.of(properties),
                    100,
                    night);
            loop.start("testbed-under-test");
            await().atMost(Duration.ofSeconds(20)).until(loop::finished);
            producer.flush();
        }
        assertThat(sent[0]).isPositive();
        assertThat(sent[1]).isPositive();

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            assertThat(alerts("ztf") - ztfBefore).isEqualTo(sent[0]);
            assertThat(alerts("lsst") - lsstBefore).isEqualTo(sent[1]);
        });
        assertThat(undecodable()).isZero();
    }

    private double alerts(String stream) {
        Counter counter =
                meters.find("fountain.ingest.alerts").tag("stream", stream).counter();
        return counter == null ? 0 : counter.count();
    }

    private double undecodable() {
        return meters.find("fountain.ingest.undecodable").tag("stream", "lsst").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
