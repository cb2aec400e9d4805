package org.fountain.simulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fountain.alerts.Sky;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The mock stream inside Fountain: publishes synthetic (or replayed) alerts at the configured cadence once the portal
 * is ready, creating topics as needed; an administrator can change the cadence or pause it on the admin page.
 */
@Component
@ConditionalOnBooleanProperty(name = "fountain.simulator.enabled")
class MockStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MockStream.class);

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final KafkaAdmin admin;
    private final SimulatorProperties properties;
    private final MockStreamLoop loop;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    MockStream(KafkaProperties kafkaProperties, KafkaAdmin admin, SimulatorProperties properties) {
        this.kafka = MockProducer.template(kafkaProperties);
        this.admin = admin;
        this.properties = properties;
        MessageSource source =
                properties.replay().active() ? new ReplaySource(properties) : new SyntheticSource(properties);
        this.loop = new MockStreamLoop(source, this::send, MockStreamLoop.Settings.of(properties), 0);
    }

    /** Creates today's topics before the listeners start, so the matcher sees them at once. */
    @Override
    public void start() {
        double jd = Sky.julianDate(System.currentTimeMillis());
        ensureTopic(Topics.ztf(properties.topicPrefix(), jd));
        if (properties.surveys().contains("lsst") || properties.replay().active()) {
            ensureTopic(properties.lsstTopic());
        }
        running = true;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startPublishing() {
        if (!running) {
            return;
        }
        loop.start("mock-stream");
        MockStreamLoop.Settings settings = loop.settings();
        log.info(
                "Mock stream: {}, {}",
                loop.source().describe(),
                settings.cadence() == SimulatorProperties.Cadence.STEADY
                        ? settings.rate() + " alerts/s"
                        : settings.burstSize() + " alerts every "
                                + settings.burstInterval().toSeconds() + " s");
    }

    @Override
    public void stop() {
        loop.stop();
        kafka.getProducerFactory().reset();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // before the Kafka listener containers (which start late), after everything they depend on
        return Integer.MAX_VALUE - 200;
    }

    MockStreamLoop loop() {
        return loop;
    }

    SimulatorProperties properties() {
        return properties;
    }

    private void send(MockMessage message) {
        ensureTopic(message.topic());
        kafka.send(message.topic(), message.key(), message.value());
    }

    private void ensureTopic(String name) {
        if (topics.add(name)) {
            admin.createOrModifyTopics(
                    TopicBuilder.name(name).partitions(properties.partitions()).build());
        }
    }
}
