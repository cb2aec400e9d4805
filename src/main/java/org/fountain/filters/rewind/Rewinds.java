package org.fountain.filters.rewind;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.StreamDefinition;
import org.fountain.alerts.UndecodableAlertException;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.Filter;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.ReplaySink;
import org.fountain.filters.RewindMatch;
import org.fountain.filters.language.AlertValues;
import org.fountain.filters.language.FilterEvaluationException;
import org.fountain.filters.language.FilterLanguages;
import org.fountain.filters.language.FilterProgram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * "Test before you save": runs an unsaved expression over the alerts still retained in Kafka for the last N hours.
 * Each rewind reads with a consumer of its own (no consumer group: it seeks by timestamp and never commits), on one of
 * a few dedicated low-priority threads, bounded in alerts scanned and in time, and can be cancelled. Ingest is
 * untouched: its consumers, threads and offsets are not shared.
 */
@Service
public class Rewinds {

    private static final Logger log = LoggerFactory.getLogger(Rewinds.class);
    private static final int FIRST_MATCHES = 50;
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH':00Z'").withZone(ZoneOffset.UTC);

    private final FilterLanguages languages;
    private final AlertDecoder decoder;
    private final KafkaProperties kafka;
    private final RewindProperties limits;
    private final ExecutorService executor;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ObjectProvider<ReplaySink> sink;

    Rewinds(
            FilterLanguages languages,
            AlertDecoder decoder,
            KafkaProperties kafka,
            RewindProperties limits,
            ObjectProvider<ReplaySink> sink) {
        this.sink = sink;
        this.languages = languages;
        this.decoder = decoder;
        this.kafka = kafka;
        this.limits = limits;
        this.executor = Executors.newFixedThreadPool(limits.concurrency(), r -> {
            Thread t = new Thread(r, "rewind");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /**
     * Starts a rewind for {@code owner}; the expression is checked first.
     *
     * @throws InvalidFilterException when the expression does not compile, or the window is out of bounds
     * @throws RewindBusyException when the owner already has a rewind running
     */
    public Rewind start(String owner, String stream, String expression, int hours) {
        return launch(owner, stream, expression, hours, null);
    }

    /**
     * Replays a saved filter over the last {@code hours}: its matches go into its feed (dashboards, the matches topic)
     * as if they had just arrived. The caller has checked that {@code owner} owns it.
     */
    public Rewind replay(String owner, Filter filter, int hours) {
        return launch(owner, filter.stream(), filter.expression(), hours, filter);
    }

    private Rewind launch(String owner, String stream, String expression, int hours, Filter replayed) {
        if (hours < 1 || hours > limits.maxHours()) {
            throw InvalidFilterException.because(
                    List.of(new ExpressionProblem(0, 0, "hours must be between 1 and " + limits.maxHours())));
        }
        FilterProgram program = languages.compile(stream, expression);
        StreamDefinition definition = decoder.streams().stream()
                .filter(s -> s.name().equals(stream))
                .findFirst()
                .orElseThrow();
        synchronized (jobs) {
            if (jobs.values().stream().anyMatch(j -> j.owner.equals(owner) && j.running())) {
                throw new RewindBusyException("you already have a rewind running; cancel it or wait for it");
            }
            long running = jobs.values().stream().filter(Job::running).count();
            if (running >= limits.concurrency() + limits.maxWaiting()) {
                throw new RewindBusyException("the portal is running " + running
                        + " rewinds, as many as it takes at once; try again in a minute");
            }
            if (replayed != null) {
                refuseReplayOverQuota(owner);
            }
            Job job = new Job(UUID.randomUUID().toString(), owner, stream, hours, replayed);
            jobs.put(job.id, job);
            job.future = executor.submit(() -> job.run(program, Pattern.compile(definition.topicPattern())));
            return job.snapshot();
        }
    }

    /** Starts of replays in the last day, by user: the cooldown and the daily cap. */
    private final Map<String, java.util.Deque<Instant>> replays = new ConcurrentHashMap<>();

    /** Refuses a replay within the cooldown of the last or past the day's cap, saying when one may follow; or notes it. */
    private void refuseReplayOverQuota(String owner) {
        Instant now = Instant.now();
        java.util.Deque<Instant> recent = replays.computeIfAbsent(owner, o -> new java.util.ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(java.time.Duration.ofDays(1)))) {
            recent.pollFirst();
        }
        if (!recent.isEmpty() && recent.peekLast().plus(limits.replayCooldown()).isAfter(now)) {
            long seconds = java.time.Duration.between(now, recent.peekLast().plus(limits.replayCooldown()))
                    .toSeconds();
            throw new RewindBusyException("a replay sends matches to every dashboard following the filter: wait "
                    + (seconds + 1) + " s after the last one");
        }
        if (recent.size() >= limits.replaysPerDay()) {
            throw new RewindBusyException("you have replayed " + recent.size() + " times in 24 hours, as many as one"
                    + " may; the next is possible at " + recent.peekFirst().plus(java.time.Duration.ofDays(1)));
        }
        recent.addLast(now);
    }

    /** The rewind, if {@code owner} started it. */
    public Rewind find(String id, String owner) {
        Job job = jobs.get(id);
        if (job == null || !job.owner.equals(owner)) {
            throw new RewindNotFoundException("no rewind " + id);
        }
        return job.snapshot();
    }

    /** Cancels a running rewind: it ends {@code CANCELLED}, whatever it was about to do. A finished one stays as it is. */
    public Rewind cancel(String id, String owner) {
        find(id, owner);
        Job job = jobs.get(id);
        synchronized (job) {
            if (job.state.equals("RUNNING")) {
                job.cancelled = true;
            }
            return job.snapshot();
        }
    }

    @Scheduled(fixedDelay = 60_000)
    void forgetOldRewinds() {
        Instant cutoff = Instant.now().minus(limits.keep());
        jobs.values().removeIf(j -> !j.running() && j.finishedAt != null && j.finishedAt.isBefore(cutoff));
    }

    private final class Job {
        final String id;
        final String owner;
        final String stream;
        final int hours;
        final Instant startedAt = Instant.now();
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong matched = new AtomicLong();
        final AtomicLong undecodable = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final Map<String, Long> perHour = Collections.synchronizedMap(new TreeMap<>());
        final List<RewindMatch> firstMatches = Collections.synchronizedList(new ArrayList<>());
        volatile long total;
        volatile String state = "RUNNING";
        volatile String stoppedBy;
        volatile String error;
        volatile Instant finishedAt;
        volatile boolean cancelled;
        volatile java.util.concurrent.Future<?> future;
        final Filter replayed;
        final List<RewindMatch> toReplay = new ArrayList<>();

        Job(String id, String owner, String stream, int hours, Filter replayed) {
            this.replayed = replayed;
            this.id = id;
            this.owner = owner;
            this.stream = stream;
            this.hours = hours;
        }

        boolean running() {
            return "RUNNING".equals(state);
        }

        Rewind snapshot() {
            return new Rewind(
                    id,
                    state,
                    stream,
                    hours,
                    total,
                    scanned.get(),
                    matched.get(),
                    undecodable.get(),
                    failures.get(),
                    Map.copyOf(perHour),
                    List.copyOf(firstMatches),
                    stoppedBy,
                    error,
                    startedAt,
                    finishedAt);
        }

        void run(FilterProgram program, Pattern topics) {
            Map<String, Object> config = kafka.buildConsumerProperties();
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fountain-rewind-" + id.substring(0, 8));
            long deadline = System.nanoTime() + limits.maxDuration().toNanos();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (Map.Entry<String, List<PartitionInfo>> topic :
                        consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
                    if (topics.matcher(topic.getKey()).matches()) {
                        topic.getValue().forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                    }
                }
                long from = Instant.now().minus(hours, ChronoUnit.HOURS).toEpochMilli();
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(p -> query.put(p, from));
                Map<TopicPartition, OffsetAndTimestamp> starts =
                        consumer.offsetsForTimes(query, Duration.ofSeconds(10));
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                Map<TopicPartition, Long> remaining = new HashMap<>();
                long estimate = 0;
                for (TopicPartition p : partitions) {
                    OffsetAndTimestamp start = starts.get(p);
                    long end = ends.getOrDefault(p, 0L);
                    long begin = start == null ? end : start.offset();
                    if (begin < end) {
                        remaining.put(p, end);
                        estimate += end - begin;
                    }
                }
                total = estimate;
                consumer.assign(remaining.keySet());
                for (TopicPartition p : remaining.keySet()) {
                    consumer.seek(p, starts.get(p).offset());
                }
                while (!remaining.isEmpty()) {
                    if (cancelled) {
                        finish("CANCELLED");
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        stoppedBy = "max-duration";
                        break;
                    }
                    if (scanned.get() >= limits.maxAlerts()) {
                        stoppedBy = "max-alerts";
                        break;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        TopicPartition p = new TopicPartition(record.topic(), record.partition());
                        Long end = remaining.get(p);
                        if (end == null || record.offset() >= end) {
                            continue;
                        }
                        scanned.incrementAndGet();
                        evaluate(program, record);
                        if (record.offset() + 1 >= end) {
                            remaining.remove(p);
                        }
                    }
                    flushReplay();
                    // partitions whose last records were transaction markers never deliver their end offset
                    for (TopicPartition p : List.copyOf(remaining.keySet())) {
                        if (consumer.position(p) >= remaining.get(p)) {
                            remaining.remove(p);
                        }
                    }
                    consumer.pause(java.util.Set.copyOf(consumer.assignment()).stream()
                            .filter(p -> !remaining.containsKey(p))
                            .toList());
                }
                finish("DONE");
            } catch (RuntimeException e) {
                log.warn("Rewind {} failed: {}", id, e.toString());
                error = e.getMessage();
                finish("FAILED");
            }
        }

        /** The finish time first, so nobody sees a finished rewind without one. */
        private synchronized void finish(String finalState) {
            finishedAt = Instant.now();
            state = cancelled ? "CANCELLED" : finalState;
        }

        private RewindMatch matchOf(Alert alert, ConsumerRecord<byte[], byte[]> record) {
            return new RewindMatch(
                    alert.alertId(),
                    alert.objectId(),
                    alert.mjd(),
                    alert.ra(),
                    alert.dec(),
                    alert.magnitude(),
                    alert.band(),
                    record.topic(),
                    record.partition(),
                    record.offset());
        }

        private void flushReplay() {
            if (replayed == null || toReplay.isEmpty()) {
                return;
            }
            ReplaySink target = sink.getIfAvailable();
            if (target != null) {
                target.publish(replayed, stream, List.copyOf(toReplay));
            }
            toReplay.clear();
        }

        private void evaluate(FilterProgram program, ConsumerRecord<byte[], byte[]> record) {
            List<Alert> alerts;
            try {
                alerts = decoder.decode(
                        new SourceCoordinates(record.topic(), record.partition(), record.offset()), record.value());
            } catch (UndecodableAlertException | RuntimeException e) {
                undecodable.incrementAndGet();
                return;
            }
            for (Alert alert : alerts) {
                try {
                    if (!program.matches(AlertValues.lazily(alert.record()))) {
                        continue;
                    }
                } catch (FilterEvaluationException e) {
                    failures.incrementAndGet();
                    continue;
                }
                matched.incrementAndGet();
                if (replayed != null) {
                    toReplay.add(matchOf(alert, record));
                }
                perHour.merge(HOUR.format(Instant.ofEpochMilli(record.timestamp())), 1L, Long::sum);
                if (firstMatches.size() < FIRST_MATCHES) {
                    firstMatches.add(matchOf(alert, record));
                }
            }
        }
    }
}
