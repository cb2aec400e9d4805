package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.accounts.Accounts;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.filters.Visibility;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * A filter's own Kafka topic ({@code fountain.filter.<id>}): the matched alert's bytes as the survey sent them, with
 * the match in headers; a topic that cannot be written switches that output off instead of stopping ingest; a topic
 * lives only while its filter writes to it, and a user has at most ten.
 */
class FilterKafkaOutputTest extends FountainIntegrationTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @Test
    void sendsTheAlertAsPublishedWithTheMatchInHeaders() throws Exception {
        accounts.register("output-ola", "ola-password");
        Filter filter = filters.create(
                "output-ola",
                new FilterDraft(
                        "To my topic", "", "objectId == 'ZTF26outputaa'", "ztf", Visibility.PRIVATE, true, true));
        byte[] payload = MockAlerts.containerFile(MockAlert.simple("ZTF26outputaa", 91_001, jdNow(), 10, 20, 18));
        publishRaw(payload);

        try (KafkaRecords output = new KafkaRecords(bootstrapServers(), filter.outputTopic())) {
            await().atMost(SECONDS_20).until(() -> !output.poll().isEmpty());
            ConsumerRecord<byte[], byte[]> record = output.poll().get(0);
            assertThat(record.value()).isEqualTo(payload);
            assertThat(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("ZTF26outputaa");
            assertThat(KafkaRecords.header(record, "fountain.filter.id")).isEqualTo(Long.toString(filter.id()));
            assertThat(KafkaRecords.header(record, "fountain.filter.name")).isEqualTo("To my topic");
            assertThat(KafkaRecords.header(record, "fountain.alert.id")).isEqualTo("91001");
            assertThat(KafkaRecords.header(record, "fountain.object.id")).isEqualTo("ZTF26outputaa");
            assertThat(KafkaRecords.header(record, "fountain.stream")).isEqualTo("ztf");
            assertThat(KafkaRecords.header(record, "fountain.source.topic")).isEqualTo(SURVEY_TOPIC);
            assertThat(output.poll()).hasSize(1);
        }
    }

    @Test
    void aTopicThatIsGoneSwitchesTheOutputOffWithTheReasonAndIngestGoesOn() throws Exception {
        accounts.register("output-gus", "gus-password");
        Filter broken = filters.create(
                "output-gus",
                new FilterDraft(
                        "Topic gone", "", "objectId.startsWith('ZTF26gone')", "ztf", Visibility.PRIVATE, true, true));
        Filter other = filters.create(
                "output-gus",
                new FilterDraft(
                        "Still here", "", "objectId.startsWith('ZTF26gone')", "ztf", Visibility.PRIVATE, true, false));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            await().atMost(SECONDS_20)
                    .until(() -> admin.listTopics().names().get().contains(broken.outputTopic()));
            admin.deleteTopics(List.of(broken.outputTopic())).all().get(10, TimeUnit.SECONDS);
            await().atMost(SECONDS_20)
                    .until(() -> !admin.listTopics().names().get().contains(broken.outputTopic()));
        }
        double before = switchedOff();

        try (KafkaRecords matches = new KafkaRecords(bootstrapServers(), "fountain.matches")) {
            for (int i = 0; i < 3; i++) {
                publish(MockAlert.simple("ZTF26gone" + (char) ('a' + i) + "a", 92_000 + i, jdNow(), 10, 20, 18));
            }
            // every alert's matches were committed, for both filters: nothing held up, nothing lost
            await().atMost(SECONDS_20)
                    .untilAsserted(() -> assertThat(matches.poll().stream()
                                    .flatMap(r -> KafkaRecords.matches(json, r).stream())
                                    .filter(m -> m.filterId() == other.id() || m.filterId() == broken.id())
                                    .map(m -> m.filterId() + "/" + m.alert().objectId())
                                    .distinct())
                            .hasSize(6));
        }
        Filter now = filters.find(broken.id(), "output-gus");
        assertThat(now.kafkaOutput()).isFalse();
        assertThat(now.active()).isTrue();
        assertThat(now.pausedReason()).contains("Kafka output switched off").contains(broken.outputTopic());
        assertThat(switchedOff() - before).isEqualTo(1.0);
    }

    @Test
    void aTopicDeletedAfterUseFailsOneBatchWhichIsRolledBackCountedAndRedoneWithTheOutputOff() throws Exception {
        accounts.register("output-del", "del-password");
        Filter used = filters.create(
                "output-del",
                new FilterDraft(
                        "Used then gone",
                        "",
                        "objectId.startsWith('ZTF26used')",
                        "ztf",
                        Visibility.PRIVATE,
                        true,
                        true));
        publish(MockAlert.simple("ZTF26usedaa", 96_000, jdNow(), 40, 20, 18));
        try (KafkaRecords output = new KafkaRecords(bootstrapServers(), used.outputTopic())) {
            await().atMost(SECONDS_20).until(() -> !output.poll().isEmpty());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.deleteTopics(List.of(used.outputTopic())).all().get(10, TimeUnit.SECONDS);
            await().atMost(SECONDS_20)
                    .until(() -> !admin.listTopics().names().get().contains(used.outputTopic()));
        }
        double rollbacksBefore = counted("fountain.ingest.rollbacks");

        publish(MockAlert.simple("ZTF26usedab", 96_001, jdNow(), 41, 20, 18));
        try (KafkaRecords matches = new KafkaRecords(bootstrapServers(), "fountain.matches")) {
            await().atMost(java.time.Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(matches.poll().stream()
                                    .flatMap(r -> KafkaRecords.matches(json, r).stream())
                                    .filter(m -> m.filterId() == used.id())
                                    .map(m -> m.alert().objectId()))
                            .containsExactly("ZTF26usedaa", "ZTF26usedab"));
        }
        assertThat(counted("fountain.ingest.rollbacks")).isGreaterThan(rollbacksBefore);
        assertThat(filters.find(used.id(), "output-del").kafkaOutput()).isFalse();
    }

    @Test
    void anAlertLargerThanTheOutputTopicTakesSwitchesTheOutputOffInsteadOfRetryingForEver() throws Exception {
        accounts.register("output-big", "big-password");
        Filter small = filters.create(
                "output-big",
                new FilterDraft(
                        "Small topic", "", "objectId.startsWith('ZTF26big')", "ztf", Visibility.PRIVATE, true, true));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            // an operator shrank the topic below what an alert with cutouts weighs
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, small.outputTopic());
            admin.incrementalAlterConfigs(Map.of(
                            resource,
                            List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                                    new org.apache.kafka.clients.admin.ConfigEntry("max.message.bytes", "2000"),
                                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))))
                    .all()
                    .get(10, TimeUnit.SECONDS);
        }
        publishRaw(MockAlerts.containerFileWithCutouts(MockAlert.simple("ZTF26bigaa", 97_000, jdNow(), 42, 20, 18)));
        publish(MockAlert.simple("ZTF26bigab", 97_001, jdNow(), 43, 20, 18));

        try (KafkaRecords matches = new KafkaRecords(bootstrapServers(), "fountain.matches")) {
            await().atMost(java.time.Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(matches.poll().stream()
                                    .flatMap(r -> KafkaRecords.matches(json, r).stream())
                                    .filter(m -> m.filterId() == small.id())
                                    .map(m -> m.alert().objectId()))
                            .containsExactly("ZTF26bigaa", "ZTF26bigab"));
        }
        Filter now = filters.find(small.id(), "output-big");
        assertThat(now.kafkaOutput()).isFalse();
        assertThat(now.pausedReason()).contains("larger than the topic accepts");
    }

    private static FilterDraft output(String name, boolean on) {
        return new FilterDraft(name, "", "objectId.startsWith('ZTF26topic')", "ztf", Visibility.PRIVATE, true, on);
    }

    @Test
    void aTopicLivesOnlyWhileItsFilterWritesToItAndAUserHasAtMostTen() throws Exception {
        accounts.register("output-tess", "tess-password");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            java.util.concurrent.Callable<java.util.Set<String>> topics =
                    () -> admin.listTopics().names().get(10, TimeUnit.SECONDS);
            Filter switched = filters.create("output-tess", output("Switched", true));
            Filter deleted = filters.create("output-tess", output("Deleted", true));
            await().atMost(SECONDS_20)
                    .until(() -> topics.call().containsAll(List.of(switched.outputTopic(), deleted.outputTopic())));

            filters.update(switched.id(), "output-tess", output("Switched", false));
            filters.delete(deleted.id(), "output-tess");
            await().atMost(SECONDS_20)
                    .until(() -> !topics.call().contains(switched.outputTopic())
                            && !topics.call().contains(deleted.outputTopic()));

            // ten at a time: the eleventh is refused, saying why; turning one off makes room
            java.util.List<Filter> ten = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ten.add(filters.create("output-tess", output("Out " + i, true)));
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> filters.create("output-tess", output("Eleventh", true)))
                    .isInstanceOf(org.fountain.filters.InvalidFilterException.class)
                    .hasMessageContaining("10 filters writing to Kafka topics");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> filters.update(switched.id(), "output-tess", output("Switched", true)))
                    .isInstanceOf(org.fountain.filters.InvalidFilterException.class);
            filters.update(ten.get(0).id(), "output-tess", output("Out 0", false));
            assertThat(filters.update(switched.id(), "output-tess", output("Switched", true))
                            .kafkaOutput())
                    .isTrue();
        }
    }

    private double counted(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private double switchedOff() {
        var counter = meters.find("fountain.ingest.outputs.switched.off").counter();
        return counter == null ? 0 : counter.count();
    }
}
