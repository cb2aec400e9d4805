package org.fountain.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The one change the operator pages make to the cluster: a retention setting of one of Fountain's own topics (a
 * survey's topics are the survey's), through a client of its own, after which the sampler reads the cluster again.
 */
@Component
public class TopicSettings {

    /** Settings an operator may change on Fountain's own topics. */
    public static final List<String> EDITABLE = List.of("retention.ms", "retention.bytes");

    private final ClusterSampler sampler;
    private final KafkaProperties kafka;
    private final AdminProperties properties;

    TopicSettings(ClusterSampler sampler, KafkaProperties kafka, AdminProperties properties) {
        this.sampler = sampler;
        this.kafka = kafka;
        this.properties = properties;
    }

    /**
     * Changes one setting of one of Fountain's topics ({@link #EDITABLE}, a whole number, -1 for none), then samples
     * again so that the pages show it.
     *
     * @throws IllegalArgumentException when the topic is not Fountain's, the setting not editable or the value not a
     *     whole number of -1 or more
     */
    public void change(String topic, String setting, String value) throws Exception {
        boolean fountains = sampler.snapshot().topics().stream()
                .anyMatch(t -> t.name().equals(topic) && "fountain".equals(t.kind()));
        if (!fountains) {
            throw new IllegalArgumentException(
                    topic + " is not one of Fountain's topics: its settings are read only here");
        }
        if (!EDITABLE.contains(setting)) {
            throw new IllegalArgumentException("Only " + String.join(" and ", EDITABLE) + " can be changed here");
        }
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " must be a whole number (-1 for no limit)");
        }
        if (number < -1) {
            throw new IllegalArgumentException(setting + " must be -1 (no limit) or more");
        }
        int timeout = (int) properties.requestTimeout().toMillis();
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "fountain-admin-settings");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        try (Admin admin = Admin.create(config)) {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, topic),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(setting, Long.toString(number)), AlterConfigOp.OpType.SET))))
                    .all()
                    .get(timeout, TimeUnit.MILLISECONDS);
        }
        sampler.sample();
    }
}
