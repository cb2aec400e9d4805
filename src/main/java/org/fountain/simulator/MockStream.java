package org.fountain.simulator;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
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
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Publishes the mock stream: ZTF-shaped alerts at a steady rate to {@code <prefix>_YYYYMMDD_programid1}, one Avro
 * container file per message, switching topic when the UTC date changes.
 */
@Component
@ConditionalOnBooleanProperty(name = "fountain.simulator.enabled", matchIfMissing = true)
class MockStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MockStream.class);
    private static final DateTimeFormatter NIGHT = DateTimeFormatter.BASIC_ISO_DATE;

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final KafkaAdmin admin;
    private final TaskScheduler scheduler;
    private final SimulatorProperties properties;
    private final MockPopulation population;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong published = new AtomicLong();
    private volatile String topic;
    private volatile ScheduledFuture<?> task;
    private volatile boolean running;

    MockStream(
            KafkaProperties kafkaProperties,
            KafkaAdmin admin,
            TaskScheduler scheduler,
            SimulatorProperties properties) {
        this.kafka = MockProducer.template(kafkaProperties);
        this.admin = admin;
        this.scheduler = scheduler;
        this.properties = properties;
        this.population = new MockPopulation(properties.objects(), properties.seed());
    }

    /** Creates today's topic before the listeners start, so the matcher sees it at once. */
    @Override
    public void start() {
        topicFor(LocalDate.now(clock));
        running = true;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startPublishing() {
        if (!running) {
            return;
        }
        Duration period = Duration.ofNanos((long) (1_000_000_000L / properties.rate()));
        task = scheduler.scheduleAtFixedRate(this::publishOne, period);
        log.info("Mock stream publishing {} alerts/s to {}", properties.rate(), topic);
    }

    @Override
    public void stop() {
        stopPublishing();
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        stop();
        callback.run();
    }

    private void stopPublishing() {
        ScheduledFuture<?> current = task;
        if (current != null) {
            current.cancel(false);
        }
        task = null;
    }

    @PreDestroy
    void close() {
        kafka.getProducerFactory().reset();
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

    long published() {
        return published.get();
    }

    private void publishOne() {
        try {
            double jd = clock.millis() / 86_400_000.0 + 2440587.5;
            MockAlert alert = population.next(jd);
            String target = topicFor(LocalDate.now(clock));
            kafka.send(target, alert.objectId().getBytes(), MockAlerts.containerFile(alert));
            published.incrementAndGet();
        } catch (RuntimeException e) {
            log.warn("Mock stream could not publish: {}", e.toString());
        }
    }

    private String topicFor(LocalDate night) {
        String name = properties.topicPrefix() + "_" + NIGHT.format(night) + "_programid1";
        if (!name.equals(topic)) {
            admin.createOrModifyTopics(
                    TopicBuilder.name(name).partitions(properties.partitions()).build());
            topic = name;
        }
        return name;
    }
}
