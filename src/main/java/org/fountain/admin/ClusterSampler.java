package org.fountain.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
    private @Nullable KafkaConsumer<byte[], byte[]> timer;
    private @Nullable ScheduledExecutorService schedule;
    private volatile ClusterSnapshot last = ClusterSnapshot.NONE;
    /** The previous sample's end offsets, for rates. */
    private Map<TopicPartition, Long> previousEnds = Map.of();

    private long previousAt;
    /** Per group and partition, the last observations (Burrow's window). */
    private final Map<String, ArrayDeque<LagRules.Observation>> windows = new HashMap<>();
    /** Per group: total lag in messages, and the largest lag in seconds. */
    private final Map<String, Series> groupLag = new ConcurrentHashMap<>();
    /** Per topic: messages per second in. */
    private final Map<String, Series> topicRates = new ConcurrentHashMap<>();
    /**
     * This instance's alerts per second by stream, matches per second and dead letters per second, from its meters:
     * exact counts (offsets of topics written in transactions count commit markers too).
     */
    private final Series throughput;

    private final MeterRegistry meters;
    private final LiveRelays relays;
    private volatile List<LiveRelay> lastRelays = List.of();
    private final List<String> throughputNames = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Map<String, Double> previousCounts = Map.of();

    ClusterSampler(
            KafkaProperties kafka,
            AdminProperties properties,
            AlertDecoder decoder,
            MeterRegistry meters,
            LiveRelays relays,
            java.util.Optional<Clock> clock) {
        this.kafka = kafka;
        this.relays = relays;
        this.properties = properties;
        this.decoder = decoder;
        this.surveyTopics = Pattern.compile(decoder.topicPattern());
        this.clock = clock.orElse(Clock.systemUTC());
        this.meters = meters;
        this.throughput = new Series(properties.samplesKept(), THROUGHPUT_SERIES);
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

    /** A group's lag since {@code from}: times, total messages, largest seconds. */
    public double[][] lagHistory(String group, Instant from) {
        Series series = groupLag.get(group);
        return series == null ? new double[3][0] : series.since(from.toEpochMilli());
    }

    /** A topic's messages per second in since {@code from}. */
    public double[][] rateHistory(String topic, Instant from) {
        Series series = topicRates.get(topic);
        return series == null ? new double[2][0] : series.since(from.toEpochMilli());
    }

    /** Series of the throughput chart: matches, dead letters, then alerts of up to this many streams. */
    static final int THROUGHPUT_SERIES = 10;

    /**
     * This instance's throughput since {@code from}: times, then per second matches, dead letters and the alerts of
     * each stream named by {@link #throughputNames()}.
     */
    public double[][] throughput(Instant from) {
        double[][] all = throughput.since(from.toEpochMilli());
        return java.util.Arrays.copyOf(all, Math.min(all.length, 3 + throughputNames.size()));
    }

    /** The streams of the throughput chart, in order. */
    public List<String> throughputNames() {
        return List.copyOf(throughputNames);
    }

    private void sampleMeters(long now, double seconds) {
        Map<String, Double> counts = new HashMap<>();
        counts.put("matches", total("fountain.matches"));
        counts.put("deadletters", total("fountain.ingest.deadletters"));
        for (io.micrometer.core.instrument.Counter c :
                meters.find("fountain.ingest.alerts").counters()) {
            String stream = c.getId().getTag("stream");
            if (stream != null) {
                counts.merge("alerts:" + stream, c.count(), Double::sum);
                if (!throughputNames.contains(stream) && throughputNames.size() < THROUGHPUT_SERIES - 2) {
                    throughputNames.add(stream);
                }
            }
        }
        if (seconds > 0) {
            double[] rates = new double[THROUGHPUT_SERIES];
            rates[0] = rate(counts, "matches", seconds);
            rates[1] = rate(counts, "deadletters", seconds);
            for (int i = 0; i < throughputNames.size(); i++) {
                rates[2 + i] = rate(counts, "alerts:" + throughputNames.get(i), seconds);
            }
            throughput.add(now, rates);
        }
        previousCounts = counts;
    }

    private double rate(Map<String, Double> counts, String name, double seconds) {
        double now = counts.getOrDefault(name, 0.0);
        Double before = previousCounts.get(name);
        return before == null ? 0 : Math.max(0, now - before) / seconds;
    }

    private double total(String name) {
        return meters.find(name).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    /** Settings an operator may change on Fountain's own topics; a survey's topics are the survey's. */
    public static final List<String> EDITABLE_SETTINGS = List.of("retention.ms", "retention.bytes");

    /**
     * Changes one setting of one of Fountain's topics ({@link #EDITABLE_SETTINGS}, a whole number, -1 for none), then
     * samples again so that the pages show it.
     *
     * @throws IllegalArgumentException when the topic is not Fountain's, the setting not editable or the value not a
     *     whole number of -1 or more
     */
    public void changeTopicSetting(String topic, String setting, String value) throws Exception {
        boolean fountains = last.topics().stream().anyMatch(t -> t.name().equals(topic) && "fountain".equals(t.kind()));
        if (!fountains) {
            throw new IllegalArgumentException(
                    topic + " is not one of Fountain's topics: its settings are read only here");
        }
        if (!EDITABLE_SETTINGS.contains(setting)) {
            throw new IllegalArgumentException(
                    "Only " + String.join(" and ", EDITABLE_SETTINGS) + " can be changed here");
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
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        synchronized (this) {
            admin().incrementalAlterConfigs(Map.of(
                            resource,
                            List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                                    new org.apache.kafka.clients.admin.ConfigEntry(setting, Long.toString(number)),
                                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET))))
                    .all()
                    .get(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        sample();
    }

    /** Takes a sample now (the schedule does it every {@code sample-every}); one at a time. */
    public synchronized ClusterSnapshot sample() {
        try {
            last = read();
        } catch (Exception e) {
            Throwable cause =
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
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
        for (TopicListing listing : admin.listTopics(
                        new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
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
        sampleMeters(now.toEpochMilli(), seconds);
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

        List<ClusterSnapshot.Group> groups = groups(admin, starts, ends, now, timeout);
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

    private List<ClusterSnapshot.Group> groups(
            Admin admin, Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends, Instant now, long timeout)
            throws Exception {
        List<String> ids = new ArrayList<>();
        for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get(timeout, TimeUnit.MILLISECONDS)) {
            ids.add(listing.groupId());
        }
        Map<String, ConsumerGroupDescription> described = ids.isEmpty()
                ? Map.of()
                : admin.describeConsumerGroups(ids).all().get(timeout, TimeUnit.MILLISECONDS);
        List<ClusterSnapshot.Group> groups = new ArrayList<>();
        Set<String> seenWindows = new HashSet<>();
        Map<TopicPartition, Long> toTime = new HashMap<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committedByGroup = new HashMap<>();
        for (String id : ids) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(id)
                    .partitionsToOffsetAndMetadata()
                    .get(timeout, TimeUnit.MILLISECONDS);
            committedByGroup.put(id, committed);
            committed.forEach((tp, offset) -> {
                if (offset != null && ends.getOrDefault(tp, 0L) > offset.offset()) {
                    toTime.merge(tp, offset.offset(), Math::min);
                }
            });
        }
        Map<String, Long> times = recordTimes(toTime, committedByGroup, ends);
        Map<String, LiveRelay> relayReports = relayReports();
        for (String id : ids) {
            ConsumerGroupDescription group = described.get(id);
            Map<TopicPartition, OffsetAndMetadata> committed = committedByGroup.getOrDefault(id, Map.of());
            Map<TopicPartition, String> assignedTo = new HashMap<>();
            List<ClusterSnapshot.Member> members = new ArrayList<>();
            if (group != null) {
                for (MemberDescription m : group.members()) {
                    List<String> assignment = new ArrayList<>();
                    for (TopicPartition tp : m.assignment().topicPartitions()) {
                        assignedTo.put(tp, m.clientId());
                        assignment.add(tp.toString());
                    }
                    assignment.sort(null);
                    members.add(new ClusterSnapshot.Member(m.consumerId(), m.clientId(), m.host(), assignment));
                }
            }
            Set<TopicPartition> all = new java.util.TreeSet<>(
                    Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            all.addAll(committed.keySet());
            all.addAll(assignedTo.keySet());
            boolean fountain = id.startsWith(properties.groupPrefix());
            boolean liveRelay = fountain && id.startsWith(properties.groupPrefix() + "live-");
            boolean gone = liveRelay && members.isEmpty();
            LiveRelay relay = liveRelay ? relayReports.get(id) : null;
            LagStatus status = LagStatus.OK;
            List<ClusterSnapshot.GroupPartition> parts = new ArrayList<>();
            for (TopicPartition tp : all) {
                OffsetAndMetadata offset = committed.get(tp);
                long end = ends.getOrDefault(tp, 0L);
                long position = offset == null ? -1 : offset.offset();
                long lag = Math.max(0, end - (position < 0 ? starts.getOrDefault(tp, 0L) : position));
                long lagMillis = 0;
                if (lag > 0) {
                    Long recordTime = times.get(id + "\u0000" + tp);
                    if (recordTime == null) {
                        lagMillis = -1;
                    } else if (recordTime == Long.MIN_VALUE) {
                        lag = 0; // only transaction markers lie between the committed offset and the end
                    } else {
                        lagMillis = Math.max(0, now.toEpochMilli() - recordTime);
                    }
                }
                String key = id + "\u0000" + tp;
                seenWindows.add(key);
                ArrayDeque<LagRules.Observation> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
                window.addLast(
                        new LagRules.Observation(now.toEpochMilli(), position, end, lag, assignedTo.containsKey(tp)));
                while (window.size() > properties.window()) {
                    window.removeFirst();
                }
                LagStatus partitionStatus = LagRules.evaluate(List.copyOf(window), properties.window());
                status = status.worse(partitionStatus);
                parts.add(new ClusterSnapshot.GroupPartition(
                        tp.topic(),
                        tp.partition(),
                        position,
                        end,
                        lag,
                        lagMillis,
                        assignedTo.get(tp),
                        partitionStatus));
            }
            if (relay != null) {
                // a live relay reads from the latest offset and commits seldom: it is judged by its own report
                status = relay.silentAt(now) ? LagStatus.STOP : relay.late() ? LagStatus.WARN : LagStatus.OK;
            }
            ClusterSnapshot.Group g = new ClusterSnapshot.Group(
                    id,
                    group == null ? "UNKNOWN" : group.groupState().toString(),
                    fountain,
                    gone,
                    members,
                    parts,
                    status,
                    relay);
            if (!gone) { // a previous instance's relay group is not judged, nor given 24 h of history
                groupLag.computeIfAbsent(id, k -> new Series(properties.samplesKept(), 2))
                        .add(
                                now.toEpochMilli(),
                                relay != null ? 0 : g.lag(),
                                relay != null ? relay.lagSeconds() : Math.max(0, g.lagMillis()) / 1000.0);
            }
            groups.add(g);
        }
        windows.keySet().retainAll(seenWindows);
        groupLag.keySet().retainAll(ids);
        groups.sort(Comparator.comparing((ClusterSnapshot.Group g) -> !g.fountain())
                .thenComparing(ClusterSnapshot.Group::gone)
                .thenComparing(ClusterSnapshot.Group::id));
        return List.copyOf(groups);
    }

    /**
     * Every instance's live relay report, by its group, read with the sample (kept for the overview); the last ones
     * read when the database cannot be read.
     */
    private Map<String, LiveRelay> relayReports() {
        try {
            lastRelays = relays.all();
        } catch (RuntimeException e) {
            log.debug("Could not read the live relays' reports: {}", e.toString());
        }
        Map<String, LiveRelay> byGroup = new HashMap<>();
        for (LiveRelay relay : lastRelays) {
            byGroup.put(relay.groupId(), relay);
        }
        return byGroup;
    }

    /** Every instance's live relay report as read with the last sample, newest first. */
    public List<LiveRelay> liveRelays() {
        return lastRelays;
    }

    /**
     * The time of the record at each group's committed offset where it lags, by {@code group + NUL + partition}: the
     * first record at or after the lowest committed offset of any group on the partition is read, then each group's
     * own where it differs ({@code max-timed-partitions} reads at most). {@link Long#MIN_VALUE} where no record lies
     * before the end (transaction markers only).
     */
    private Map<String, Long> recordTimes(
            Map<TopicPartition, Long> lowest,
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
            Map<TopicPartition, Long> ends) {
        Map<String, Long> times = new HashMap<>();
        Map<TopicPartition, Map<Long, Long>> read = new HashMap<>();
        int budget = properties.maxTimedPartitions();
        for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group : committed.entrySet()) {
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry :
                    group.getValue().entrySet()) {
                TopicPartition tp = entry.getKey();
                if (entry.getValue() == null || !lowest.containsKey(tp)) {
                    continue;
                }
                long offset = entry.getValue().offset();
                if (offset >= ends.getOrDefault(tp, 0L)) {
                    continue;
                }
                Map<Long, Long> known = read.computeIfAbsent(tp, k -> new HashMap<>());
                Long time = known.get(offset);
                if (time == null && budget > 0) {
                    budget--;
                    time = timeAt(tp, offset, ends.getOrDefault(tp, offset));
                    known.put(offset, time);
                }
                if (time != null) {
                    times.put(group.getKey() + "\u0000" + tp, time);
                }
            }
        }
        return times;
    }

    /** The timestamp of the first committed record at or after the offset and before the end. */
    private long timeAt(TopicPartition tp, long offset, long end) {
        KafkaConsumer<byte[], byte[]> consumer = timer();
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + properties.requestTimeout().toNanos() / 2;
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<byte[], byte[]>> records =
                    consumer.poll(Duration.ofMillis(200)).records(tp);
            if (!records.isEmpty()) {
                return records.get(0).timestamp();
            }
            if (consumer.position(tp) >= end) {
                return Long.MIN_VALUE;
            }
        }
        throw new IllegalStateException("no record read at " + tp + "@" + offset + " in time");
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
                        request, new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
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

    private KafkaConsumer<byte[], byte[]> timer() {
        if (timer == null) {
            timer = TopicReader.groupless(kafka, "fountain-admin-lag", 1);
        }
        return timer;
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
            if (timer != null) {
                timer.close(Duration.ofSeconds(2));
                timer = null;
            }
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
