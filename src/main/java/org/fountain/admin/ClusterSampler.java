package org.fountain.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.fountain.alerts.AlertDecoder;
import org.fountain.delivery.LiveRelay;
import org.fountain.delivery.LiveRelays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the cluster every {@code sample-every} with Kafka's {@code Admin} client (brokers, topics, partitions, offsets,
 * log directory sizes, configurations, consumer groups and their committed offsets) and a consumer without a group
 * (the time of the record at each lagging committed offset), judges every group's partitions by {@link LagRules}, and
 * keeps the result for the pages: the last sample, and a bounded history of each group's lag and each topic's rate.
 * A sample that fails keeps the last good figures and says since when they are stale.
 */
@Component
public class ClusterSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterSampler.class);

    private final KafkaProperties kafka;
    private final AdminProperties properties;
    private final Pattern surveyTopics;
    private final AlertDecoder decoder;
    private final Clock clock;
    private @Nullable Admin admin;
    private @Nullable ScheduledExecutorService schedule;
    private volatile ClusterSnapshot last = ClusterSnapshot.NONE;
    /** The previous sample's end offsets, for rates. */
    private Map<TopicPartition, Long> previousEnds = Map.of();

    private long previousAt;
    /** Per topic: messages per second in. */
    private final Map<String, Series> topicRates = new ConcurrentHashMap<>();

    private final Throughput throughput;

    private final GroupSampler groupSampler;

    ClusterSampler(
            KafkaProperties kafka,
            AdminProperties properties,
            AlertDecoder decoder,
            MeterRegistry meters,
            LiveRelays relays,
            Optional<Clock> clock) {
        this.kafka = kafka;
        this.groupSampler = new GroupSampler(kafka, properties, relays);
        this.properties = properties;
        this.decoder = decoder;
        this.surveyTopics = Pattern.compile(decoder.topicPattern());
        this.clock = clock.orElse(Clock.systemUTC());
        this.throughput = new Throughput(meters, properties.samplesKept());
        Gauge.builder(
                        "fountain.admin.groups.unhealthy",
                        this,
                        s -> s.unhealthy().size())
                .description("Fountain's consumer groups whose status (Burrow's rules) is not OK")
                .register(meters);
    }

    /** The last sample. */
    public ClusterSnapshot snapshot() {
        return last;
    }

    /** Fountain's groups that are not OK in the last sample. */
    public List<ClusterSnapshot.Group> unhealthy() {
        return last.groups().stream()
                .filter(g -> g.fountain() && !g.gone() && g.status() != LagStatus.OK)
                .toList();
    }

    /** Every instance's live relay report as read with the last sample, newest first. */
    public List<LiveRelay> liveRelays() {
        return groupSampler.liveRelays();
    }

    /** A group's lag since {@code from}: times, total messages, largest seconds. */
    public double[][] lagHistory(String group, Instant from) {
        Series series = groupSampler.lagOf(group);
        return series == null ? new double[3][0] : series.since(from.toEpochMilli());
    }

    /** A topic's messages per second in since {@code from}. */
    public double[][] rateHistory(String topic, Instant from) {
        Series series = topicRates.get(topic);
        return series == null ? new double[2][0] : series.since(from.toEpochMilli());
    }

    /**
     * This instance's throughput since {@code from}: times, then per second matches, dead letters and the alerts of
     * each stream named by {@link #throughputNames()}.
     */
    public double[][] throughput(Instant from) {
        return throughput.since(from);
    }

    /** The streams of the throughput chart, in order. */
    public List<String> throughputNames() {
        return throughput.streams();
    }

    /** Takes a sample now (the schedule does it every {@code sample-every}); one at a time. */
    public synchronized ClusterSnapshot sample() {
        try {
            last = read();
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("Could not read the cluster: {}", cause.toString());
            last = new ClusterSnapshot(
                    last.at(), last.cluster(), last.topics(), last.groups(), cause.toString(), clock.instant());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return last;
    }

    private ClusterSnapshot read() throws Exception {
        Admin admin = admin();
        long timeout = properties.requestTimeout().toMillis();
        Instant now = clock.instant();
        DescribeClusterResult described = admin.describeCluster();
        Collection<Node> nodes = described.nodes().get(timeout, TimeUnit.MILLISECONDS);
        Node controller = described.controller().get(timeout, TimeUnit.MILLISECONDS);
        ClusterSnapshot.Cluster cluster = new ClusterSnapshot.Cluster(
                described.clusterId().get(timeout, TimeUnit.MILLISECONDS),
                controller == null || controller.isEmpty() ? null : broker(controller),
                nodes.stream()
                        .map(ClusterSampler::broker)
                        .sorted(Comparator.comparingInt(ClusterSnapshot.Broker::id))
                        .toList());

        Map<String, TopicListing> listings = new TreeMap<>();
        for (TopicListing listing : admin.listTopics(new ListTopicsOptions().listInternal(true))
                .listings()
                .get(timeout, TimeUnit.MILLISECONDS)) {
            listings.put(listing.name(), listing);
        }
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(listings.keySet()).allTopicNames().get(timeout, TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        descriptions
                .values()
                .forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest(), timeout);
        Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest(), timeout);
        Map<TopicPartition, Long> sizes = sizes(admin, nodes, timeout);
        Map<String, Map<String, String>> configs = configs(admin, listings.keySet(), timeout);

        double seconds = previousAt == 0 ? 0 : (now.toEpochMilli() - previousAt) / 1000.0;
        throughput.sample(now.toEpochMilli(), seconds);
        List<ClusterSnapshot.Topic> topics = new ArrayList<>();
        for (TopicDescription d : descriptions.values()) {
            List<ClusterSnapshot.Partition> parts = new ArrayList<>();
            long size = 0;
            boolean sized = true;
            long grown = 0;
            boolean rated = seconds > 0;
            for (TopicPartitionInfo p : d.partitions()) {
                TopicPartition tp = new TopicPartition(d.name(), p.partition());
                long end = ends.getOrDefault(tp, 0L);
                Long bytes = sizes.get(tp);
                sized &= bytes != null;
                size += bytes == null ? 0 : bytes;
                Long before = previousEnds.get(tp);
                if (before == null) {
                    rated = false;
                } else {
                    grown += Math.max(0, end - before);
                }
                parts.add(new ClusterSnapshot.Partition(
                        p.partition(),
                        p.leader() == null || p.leader().isEmpty()
                                ? null
                                : p.leader().id(),
                        p.replicas().stream().map(Node::id).toList(),
                        p.isr().stream().map(Node::id).toList(),
                        starts.getOrDefault(tp, 0L),
                        end,
                        bytes == null ? -1 : bytes));
            }
            double rate = rated ? grown / seconds : Double.NaN;
            if (rated) {
                topicRates
                        .computeIfAbsent(d.name(), t -> new Series(properties.samplesKept(), 1))
                        .add(now.toEpochMilli(), rate);
            }
            topics.add(new ClusterSnapshot.Topic(
                    d.name(),
                    kindOf(d.name(), d.isInternal()),
                    surveyTopics.matcher(d.name()).matches() ? decoder.streamOf(d.name()) : null,
                    parts,
                    d.partitions().isEmpty()
                            ? 0
                            : d.partitions().get(0).replicas().size(),
                    sized ? size : -1,
                    rate,
                    configs.getOrDefault(d.name(), Map.of())));
        }
        topicRates.keySet().retainAll(descriptions.keySet());
        previousEnds = ends;
        previousAt = now.toEpochMilli();

        List<ClusterSnapshot.Group> groups = groupSampler.groups(admin, starts, ends, now, timeout);
        return new ClusterSnapshot(now, cluster, List.copyOf(topics), groups, null, null);
    }

    private String kindOf(String topic, boolean internal) {
        if (internal || topic.startsWith("__")) {
            return "internal";
        } else if (surveyTopics.matcher(topic).matches()) {
            return "survey";
        } else if (topic.startsWith("fountain.")) {
            return "fountain";
        }
        return "other";
    }

    private static Map<TopicPartition, Long> offsets(
            Admin admin, List<TopicPartition> partitions, OffsetSpec spec, long timeout) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        if (request.isEmpty()) {
            return out;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(
                        request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all()
                .get(timeout, TimeUnit.MILLISECONDS);
        result.forEach((p, info) -> out.put(p, info.offset()));
        return out;
    }

    /** Bytes on disk per partition over all replicas; empty when the log directories do not answer in time. */
    private static Map<TopicPartition, Long> sizes(Admin admin, Collection<Node> nodes, long timeout) {
        Map<TopicPartition, Long> sizes = new HashMap<>();
        try {
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(
                            nodes.stream().map(Node::id).toList(),
                            new DescribeLogDirsOptions().timeoutMs((int) timeout))
                    .allDescriptions()
                    .get(timeout, TimeUnit.MILLISECONDS);
            dirs.values()
                    .forEach(byDir -> byDir.values().forEach(dir -> {
                        for (Map.Entry<TopicPartition, ReplicaInfo> replica :
                                dir.replicaInfos().entrySet()) {
                            sizes.merge(replica.getKey(), replica.getValue().size(), Long::sum);
                        }
                    }));
        } catch (Exception e) {
            log.debug("Log directories did not answer: {}", e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return sizes;
    }

    private static Map<String, Map<String, String>> configs(Admin admin, Collection<String> topics, long timeout)
            throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        Map<String, Map<String, String>> out = new HashMap<>();
        if (resources.isEmpty()) {
            return out;
        }
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(timeout, TimeUnit.MILLISECONDS);
        configs.forEach((resource, config) -> {
            Map<String, String> values = new TreeMap<>();
            config.entries().forEach(e -> {
                if (e.value() != null && !e.isSensitive()) {
                    values.put(e.name(), e.value());
                }
            });
            out.put(resource.name(), values);
        });
        return out;
    }

    private static ClusterSnapshot.Broker broker(Node node) {
        return new ClusterSnapshot.Broker(node.id(), node.host(), node.port(), node.rack());
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "fountain-admin-pages");
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                    properties.requestTimeout().toMillis());
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                    properties.requestTimeout().toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public void start() {
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "admin-sampler");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.sampleEvery().toMillis();
        schedule.scheduleWithFixedDelay(this::sample, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
            try {
                schedule.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            schedule = null;
        }
        synchronized (this) {
            groupSampler.close();
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
