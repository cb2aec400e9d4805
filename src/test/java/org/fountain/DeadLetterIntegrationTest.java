package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.accounts.Accounts;
import org.fountain.alerts.TestPayloads;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every kind of bad message, sent between good alerts through the real broker: each becomes a dead letter with its
 * reason and source in headers, and every good alert around it is still matched.
 */
class DeadLetterIntegrationTest extends FountainIntegrationTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    JsonMapper json;

    private record Sent(String topic, long offset, String expectedReason) {}

    @Test
    void badMessagesBecomeDeadLettersAndNeverHoldUpGoodAlerts() throws Exception {
        accounts.register("dead-letter-dora", "dora-password");
        Filter everyTestAlert =
                filters.create("dead-letter-dora", FilterDraft.of("dl", "objectId.startsWith('ZTF26dl')"));
        Filter unreachableStream = filters.create(
                "dead-letter-dora", FilterDraft.on("unreachable", "dl2", "objectId.startsWith('ZTF26dl')"));
        double jd = jdNow();
        List<String> good = new ArrayList<>();
        List<Sent> bad = new ArrayList<>();
        Map<String, byte[]> badMessages = new LinkedHashMap<>();
        byte[] valid = MockAlerts.containerFile(MockAlert.simple("ZTF26dlvalid", 1, jd, 1, 1, 18));
        byte[] damagedSync = valid.clone();
        damagedSync[damagedSync.length - 3] ^= 0x11;
        badMessages.put("empty", new byte[0]);
        badMessages.put("unknown-format", "GARBAGE\u0001\u0002".getBytes(StandardCharsets.UTF_8));
        badMessages.put("corrupt-block", Arrays.copyOf(valid, valid.length - 25));
        badMessages.put("corrupt-block ", damagedSync);
        badMessages.put(
                "bad-schema", TestPayloads.containerFile(TestPayloads.DUPLICATE_FIELD_SCHEMA, new byte[] {2, 4}));
        badMessages.put("too-large", twentyMegabytes());
        badMessages.put("bad-gzip", new byte[] {0x1f, (byte) 0x8b, 8, 0, 9, 9, 9});
        badMessages.put("no-schema-source", new byte[] {0, 0, 0, 4, 0x4c, 2, 2, 2});
        // a header whose one key claims 63 bytes and has none; a header without a schema; a codec nobody reads
        badMessages.put("bad-header", new byte[] {'O', 'b', 'j', 1, 0x02, 0x7e});
        byte[] noSchema = new byte[5 + 16];
        System.arraycopy(new byte[] {'O', 'b', 'j', 1, 0}, 0, noSchema, 0, 5);
        badMessages.put("no-schema", noSchema);
        badMessages.put(
                "unsupported-codec",
                TestPayloads.containerFile(
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}",
                        "xz",
                        new byte[] {2}));

        int i = 0;
        for (Map.Entry<String, byte[]> entry : badMessages.entrySet()) {
            String objectId = "ZTF26dlgood" + (char) ('a' + i++);
            publish(MockAlert.simple(objectId, 7000 + i, jd, 10 + i, 10, 17));
            good.add(objectId);
            bad.add(new Sent(
                    SURVEY_TOPIC, endOffset(SURVEY_TOPIC), entry.getKey().strip()));
            publishRaw(entry.getValue());
        }
        publish(MockAlert.simple("ZTF26dlgoodz", 7999, jd, 42, 42, 17));
        good.add("ZTF26dlgoodz");

        // Confluent-framed messages naming a schema nobody has, and a registry that cannot be reached
        bad.add(new Sent(RUBIN_TOPIC, endOffset(RUBIN_TOPIC), "unknown-schema-id"));
        publishRaw(RUBIN_TOPIC, framedWithUnknownId());
        bad.add(new Sent(NO_REGISTRY_TOPIC, endOffset(NO_REGISTRY_TOPIC), "registry-unreachable"));
        publishRaw(NO_REGISTRY_TOPIC, framedWithUnknownId());
        publishRaw(
                NO_REGISTRY_TOPIC,
                TestPayloads.gzip(MockAlerts.containerFile(MockAlert.simple("ZTF26dlafter", 8000, jd, 5, 5, 17))));
        good.add("ZTF26dlafter");

        try (KafkaRecords matches = new KafkaRecords(SERVICES.kafkaBootstrapServers(), "fountain.matches");
                KafkaRecords deadLetters = new KafkaRecords(SERVICES.kafkaBootstrapServers(), "fountain.deadletters")) {
            await().atMost(SECONDS_20).untilAsserted(() -> {
                List<String> matched = matches.poll().stream()
                        .flatMap(r -> KafkaRecords.matches(json, r).stream())
                        .filter(m -> m.filterId() == everyTestAlert.id() || m.filterId() == unreachableStream.id())
                        .map(m -> m.alert().objectId())
                        .toList();
                assertThat(matched).containsExactlyInAnyOrderElementsOf(good);
            });
            await().atMost(SECONDS_20).untilAsserted(() -> {
                List<Sent> lettered = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> letter : deadLetters.poll()) {
                    String topic = KafkaRecords.header(letter, "fountain.source.topic");
                    long offset = Long.parseLong(KafkaRecords.header(letter, "fountain.source.offset"));
                    if (bad.stream().anyMatch(s -> s.topic().equals(topic) && s.offset() == offset)) {
                        lettered.add(new Sent(topic, offset, KafkaRecords.header(letter, "fountain.reason")));
                    }
                }
                assertThat(lettered).containsExactlyInAnyOrderElementsOf(bad);
            });
            Sent twenty = bad.stream()
                    .filter(s -> s.expectedReason().equals("too-large"))
                    .findFirst()
                    .orElseThrow();
            ConsumerRecord<byte[], byte[]> tooLarge = deadLetters.poll().stream()
                    .filter(r -> twenty.topic().equals(KafkaRecords.header(r, "fountain.source.topic"))
                            && Long.toString(twenty.offset()).equals(KafkaRecords.header(r, "fountain.source.offset")))
                    .findFirst()
                    .orElseThrow();
            assertThat(KafkaRecords.header(tooLarge, "fountain.original.size")).isEqualTo(Integer.toString(20 << 20));
            assertThat(tooLarge.value()).hasSize(1 << 20);
            assertThat(KafkaRecords.header(tooLarge, "fountain.stream")).isEqualTo("ztf");
            assertThat(KafkaRecords.header(tooLarge, "fountain.source.partition"))
                    .isEqualTo("0");
            assertThat(KafkaRecords.header(tooLarge, "fountain.error")).contains("limit");
        }
    }

    /** The offset the next message published to the topic will get. */
    private static byte[] twentyMegabytes() {
        byte[] bytes = new byte[20 << 20];
        bytes[0] = 'O';
        bytes[1] = 'b';
        bytes[2] = 'j';
        bytes[3] = 1;
        return bytes;
    }

    private static byte[] framedWithUnknownId() {
        return ByteBuffer.allocate(9).put((byte) 0).putInt(9999).putInt(42).array();
    }
}
