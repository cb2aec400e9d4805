package org.fountain.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.fountain.delivery.LiveRelay;
import org.fountain.delivery.LiveRelays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The consumer-group half of a cluster sample, on the sampler's thread: each group's members, committed offsets and
 * lag in messages and in seconds (the time of the record at the committed offset), judged per partition by Burrow's
 * rules over a window of samples ({@link LagRules}); an instance's live relay, which reads from the latest offset and
 * commits seldom, judged by its own report instead. Keeps each group's lag history.
 */
final class GroupSampler {

    private static final Logger log = LoggerFactory.getLogger(GroupSampler.class);

    private final KafkaProperties kafka;
    private final AdminProperties properties;
    private final LiveRelays relays;
    private volatile List<LiveRelay> lastRelays = List.of();
    /** Per group and partition, the last observations (Burrow's window). */
    private final Map<String, ArrayDeque<LagRules.Observation>> windows = new HashMap<>();
    /** Per group: total lag in messages, and the largest lag in seconds. */
    private final Map<String, Series> groupLag = new ConcurrentHashMap<>();
    /** Reads the record at a committed offset, for its time: made when first needed. */
    private @Nullable KafkaConsumer<byte[], byte[]> timer;

    GroupSampler(KafkaProperties kafka, AdminProperties properties, LiveRelays relays) {
        this.kafka = kafka;
        this.properties = properties;
        this.relays = relays;
    }

    /** A group's lag history, or null when the group is not known. */
    @Nullable
    Series lagOf(String group) {
        return groupLag.get(group);
    }

    /** Every instance's live relay report as read with the last sample, newest first. */
    List<LiveRelay> liveRelays() {
        return lastRelays;
    }

    List<ClusterSnapshot.Group> groups(
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
            Set<TopicPartition> all = new TreeSet<>(
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

    private KafkaConsumer<byte[], byte[]> timer() {
        KafkaConsumer<byte[], byte[]> consumer = timer;
        if (consumer == null) {
            consumer = TopicReader.groupless(kafka, "fountain-admin-lag", 1);
            timer = consumer;
        }
        return consumer;
    }

    void close() {
        KafkaConsumer<byte[], byte[]> consumer = timer;
        timer = null;
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
