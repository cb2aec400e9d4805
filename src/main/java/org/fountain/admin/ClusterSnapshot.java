package org.fountain.admin;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fountain.delivery.LiveRelay;
import org.jspecify.annotations.Nullable;

/**
 * What one sample of the cluster saw. Pages render from the last one; nothing on a page calls the broker.
 *
 * @param at when the sample was taken
 * @param cluster the cluster, or null before the first sample succeeds
 * @param topics every topic, by name
 * @param groups every consumer group, Fountain's first
 * @param problem why the last sample failed, or null (the figures are then those of the last that succeeded)
 * @param failedAt when it failed
 */
public record ClusterSnapshot(
        Instant at,
        @Nullable Cluster cluster,
        List<Topic> topics,
        List<Group> groups,
        @Nullable String problem,
        @Nullable Instant failedAt) {

    static final ClusterSnapshot NONE = new ClusterSnapshot(Instant.EPOCH, null, List.of(), List.of(), null, null);

    public record Cluster(String id, @Nullable Broker controller, List<Broker> brokers) {}

    public record Broker(
            int id, String host, int port, @Nullable String rack) {}

    /**
     * A topic.
     *
     * @param kind {@code survey} (alerts Fountain reads and does not own), {@code fountain} (written by Fountain),
     *     {@code internal} (Kafka's own) or {@code other}
     * @param stream the survey stream it carries, for survey topics
     * @param sizeBytes bytes on disk over all replicas, or -1 when the log directories did not answer in time
     * @param messagesPerSecond end offsets' growth since the previous sample, per second (on topics written in
     *     transactions, commit markers take offsets too)
     * @param config its configuration, as the broker has it
     */
    public record Topic(
            String name,
            String kind,
            @Nullable String stream,
            List<Partition> partitions,
            int replicationFactor,
            long sizeBytes,
            double messagesPerSecond,
            Map<String, String> config) {

        public long underReplicated() {
            return partitions.stream()
                    .filter(p -> p.isr().size() < p.replicas().size())
                    .count();
        }

        public long offline() {
            return partitions.stream().filter(p -> p.leader() == null).count();
        }

        public long messages() {
            return partitions.stream().mapToLong(p -> p.end() - p.start()).sum();
        }

        public int inSync() {
            return partitions.stream().mapToInt(p -> p.isr().size()).min().orElse(0);
        }

        public @Nullable String retention() {
            return config.get("retention.ms");
        }

        public String size() {
            return bytes(sizeBytes);
        }
    }

    /** Bytes in the unit that reads best (B, KiB, MiB, GiB, TiB); "?" when unknown (negative). */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    public record Partition(
            int partition,
            @Nullable Integer leader,
            List<Integer> replicas,
            List<Integer> isr,
            long start,
            long end,
            long sizeBytes) {

        public String size() {
            return bytes(sizeBytes);
        }
    }

    /**
     * A consumer group.
     *
     * @param fountain whether it is one of Fountain's (its status raises the banner)
     * @param gone a previous instance's live relay group: empty, read from the latest offset by design, not judged
     * @param relay for an instance's live relay group, the relay's own report (by which it is judged: its committed
     *     offsets trail by design), or null
     */
    public record Group(
            String id,
            String state,
            boolean fountain,
            boolean gone,
            List<Member> members,
            List<GroupPartition> partitions,
            LagStatus status,
            @Nullable LiveRelay relay) {

        public long lag() {
            return partitions.stream().mapToLong(GroupPartition::lag).sum();
        }

        public long lagMillis() {
            return partitions.stream()
                    .mapToLong(GroupPartition::lagMillis)
                    .max()
                    .orElse(0);
        }
    }

    public record Member(String memberId, String clientId, String host, List<String> assignment) {}

    /**
     * A partition a group reads.
     *
     * @param committed the committed offset, or -1 when there is none
     * @param lag messages between it and the end (0 when only transaction markers lie between)
     * @param lagMillis how old the record at the committed offset is (0 when the lag is 0), or -1 when not read
     */
    public record GroupPartition(
            String topic,
            int partition,
            long committed,
            long end,
            long lag,
            long lagMillis,
            @Nullable String consumer,
            LagStatus status) {}
}
