package org.fountain.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.fountain.alerts.AlertSummary;
import org.fountain.filters.ActiveFilters;
import org.fountain.filters.Filter;
import org.fountain.filters.MatchedFilter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * A filter's Kafka output, as ingest writes it: the matched alert forwarded to the filter's own topic (written by
 * {@link MatchPublisher}, in the batch's transaction) when the topic can be written. Inside a Kafka transaction, one send that fails for good (a topic
 * deleted or never created, not authorized, a record too large) aborts the whole batch, and retrying it would fail the
 * same way forever; so each output topic is looked up once before its first send, and a filter whose topic is gone
 * has its output switched off, with the reason shown to its owner, instead of stopping ingest. A lookup that fails for
 * a passing reason (the broker unreachable) fails the batch, which is retried.
 */
@Component
public class FilterTopics implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FilterTopics.class);

    /** Room left in a request for the headers that go with a forwarded alert. */
    static final int HEADROOM = 64 * 1024;

    private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final KafkaAdmin kafkaAdmin;
    private final ActiveFilters filters;
    private final int largestForwarded;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> switchedOff = new ConcurrentHashMap<>();
    /** Filters whose last send failed for good, with why: switched off on the ingest thread at the retry. */
    private final Map<Long, Throwable> refused = new ConcurrentHashMap<>();

    private final MatchPublisher publisher;
    private final Counter offs;
    private final Counter tooLarge;
    private volatile @Nullable Admin admin;

    FilterTopics(
            KafkaAdmin kafkaAdmin,
            KafkaTemplate<byte[], byte[]> kafka,
            MatchPublisher publisher,
            ActiveFilters filters,
            MeterRegistry meters) {
        this.kafkaAdmin = kafkaAdmin;
        this.publisher = publisher;
        this.filters = filters;
        Object configured =
                kafka.getProducerFactory().getConfigurationProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int maxRequest = configured == null ? 1024 * 1024 : Integer.parseInt(configured.toString());
        this.largestForwarded = maxRequest - HEADROOM;
        this.offs = Counter.builder("fountain.ingest.outputs.switched.off")
                .description("Filters whose Kafka output was switched off because its topic could not be written")
                .register(meters);
        this.tooLarge = Counter.builder("fountain.ingest.outputs.too.large")
                .description("Alerts not forwarded to a filter's topic because they exceed the producer's request size")
                .register(meters);
    }

    /**
     * Forwards the matched alert, as the survey published it, to the filter's own topic if the filter writes to one and
     * it can be written; what was sent (null when nothing was). A send that fails for good switches the output off.
     *
     * @throws KafkaException when the broker cannot say whether the topic exists (the batch is retried)
     */
    public java.util.concurrent.@Nullable CompletableFuture<?> forward(
            AlertSummary alert, MatchedFilter filter, byte[] payload) {
        if (!filter.kafkaOutput()) {
            return null;
        }
        String topic = Filter.outputTopic(filter.id());
        if (!writable(filter.id(), topic, payload.length)) {
            return null;
        }
        return publisher.publishToFilterTopic(topic, alert, filter, payload).whenComplete((sent, failure) -> {
            if (failure != null) {
                failed(filter.id(), topic, failure);
            }
        });
    }

    /**
     * Whether the alert may be sent to the filter's topic now: false when the topic is gone (the output is then
     * switched off) or the alert is too large to forward.
     *
     * @throws KafkaException when the broker cannot say whether the topic exists (the batch is retried)
     */
    boolean writable(long filterId, String topic, int payloadBytes) {
        if (payloadBytes > largestForwarded) {
            tooLarge.increment();
            log.warn("Not forwarding a {}-byte alert to {}: more than the producer sends", payloadBytes, topic);
            return false;
        }
        Throwable refusal = refused.remove(filterId);
        if (refusal != null) {
            known.remove(topic);
            switchOff(filterId, topic, refusal);
            return false;
        }
        Long off = switchedOff.get(filterId);
        if (off != null && System.nanoTime() - off < RECHECK_NANOS) {
            return false;
        }
        if (known.contains(topic)) {
            return true;
        }
        try {
            admin().describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
            known.add(topic);
            switchedOff.remove(filterId);
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException
                    || cause instanceof InvalidTopicException
                    || cause instanceof TopicAuthorizationException) {
                switchOff(filterId, topic, cause);
                return false;
            }
            throw new KafkaException("Could not look up the output topic " + topic, cause);
        } catch (TimeoutException e) {
            throw new KafkaException("Timed out looking up the output topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted looking up the output topic " + topic, e);
        }
    }

    /**
     * A send to a filter's topic failed (on the producer's thread: nothing slow here). The topic is looked up again
     * before the next send; a failure that would repeat on every retry (the record larger than the topic takes, the
     * topic invalid or not writable by Fountain) switches the output off when the batch is retried.
     */
    void failed(long filterId, String topic, Throwable failure) {
        known.remove(topic);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException
                    || cause instanceof InvalidTopicException
                    || cause instanceof TopicAuthorizationException) {
                refused.put(filterId, cause);
                return;
            }
        }
    }

    private void switchOff(long filterId, String topic, Throwable cause) {
        switchedOff.put(filterId, System.nanoTime());
        offs.increment();
        String why = cause instanceof TopicAuthorizationException
                ? "Fountain may not write to it"
                : cause instanceof RecordTooLargeException
                        ? "an alert was larger than the topic accepts (its max.message.bytes)"
                        : "it does not exist (deleted?)";
        log.warn("Switching off the Kafka output of filter {}: topic {} cannot be written: {}", filterId, topic, why);
        try {
            filters.stopKafkaOutput(
                    filterId,
                    "Kafka output switched off: the topic " + topic + " cannot be written, " + why
                            + ". Save the filter with Kafka output on to create it again.");
        } catch (RuntimeException e) {
            log.warn("Could not record that filter {}'s output is off: {}", filterId, e.toString());
        }
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                current = admin;
                if (current == null) {
                    current = Admin.create(kafkaAdmin.getConfigurationProperties());
                    admin = current;
                }
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
