package org.fountain.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fountain.alerts.AlertSummary;
import org.fountain.delivery.AlertMatches;
import org.fountain.delivery.DeliveryProperties;
import org.fountain.delivery.MatchesReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes every match into the archive: its own consumer group on the matches topic (committed matches only), a poll's
 * records at a time in one PostgreSQL transaction, after which Kafka's offsets are committed. A batch redelivered after
 * a crash writes nothing twice (each row's key is its day, filter and alert). A record it cannot read is counted,
 * logged with its coordinates and skipped ({@link MatchesReader}); while PostgreSQL is away the batch waits and is
 * tried again.
 */
@Component
class ArchiveWriter implements DisposableBean {

    static final String LISTENER_ID = "archive";

    private static final Logger log = LoggerFactory.getLogger(ArchiveWriter.class);

    private final ArchiveStore store;
    private final TransactionTemplate transactions;
    private final ArchiveProperties properties;
    private final DeliveryProperties delivery;
    private final KafkaProperties kafka;
    private final Counter archived;
    private final MatchesReader.Reader reader;
    private final Counter packetsKept;
    private final Counter packetsGone;
    private final Timer batches;
    /** Each listener thread's reader of the survey topics (a Kafka consumer serves one thread). */
    private final Map<Thread, Packets> packets = new ConcurrentHashMap<>();

    ArchiveWriter(
            ArchiveStore store,
            MatchesReader matches,
            PlatformTransactionManager transactionManager,
            ArchiveProperties properties,
            DeliveryProperties delivery,
            KafkaProperties kafka,
            MeterRegistry meters) {
        this.delivery = delivery;
        this.store = store;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.kafka = kafka;
        this.archived = Counter.builder("fountain.archive.matches")
                .description("Matches written to the archive (one per filter and alert; redeliveries not counted)")
                .register(meters);
        this.reader = matches.reader("archive", "fountain.archive.unreadable");
        this.packetsKept = Counter.builder("fountain.archive.packets")
                .tag("outcome", "kept")
                .description("Alerts whose bytes the archive read back from the survey topics and kept")
                .register(meters);
        this.packetsGone = Counter.builder("fountain.archive.packets")
                .tag("outcome", "gone")
                .description("Alerts the survey topics no longer held when the archive came to keep them")
                .register(meters);
        this.batches = Timer.builder("fountain.archive.batch")
                .description("Time to archive one poll of match records")
                .register(meters);
    }

    // read by the listener's annotation (as __listener), so that its settings' defaults live in the properties alone
    public ArchiveProperties settings() {
        return properties;
    }

    public DeliveryProperties delivery() {
        return delivery;
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = "#{__listener.delivery().matchesTopic()}",
            groupId = "#{__listener.settings().groupId()}",
            containerFactory = "archiveContainerFactory",
            autoStartup = "#{__listener.settings().enabled()}",
            concurrency = "#{__listener.settings().concurrency()}",
            batch = "true")
    void archive(List<ConsumerRecord<byte[], byte[]>> records) {
        Timer.Sample sample = Timer.start();
        List<ArchiveStore.Row> rows = new ArrayList<>();
        Map<Kept, ArchiveStore.Packet> alerts = new LinkedHashMap<>();
        for (AlertMatches matches : reader.read(records)) {
            LocalDate day = ArchiveStore.dayOf(matches.matchedAt());
            AlertSummary alert = cut(matches.alert());
            rows.add(new ArchiveStore.Row(
                    day, alert.stream(), alert.alertId(), matches.filters(), matches.matchedAt(), matches.replay()));
            alerts.putIfAbsent(
                    new Kept(day, new Packets.Coordinates(alert.topic(), alert.partition(), alert.offset())),
                    new ArchiveStore.Packet(day, alert, null));
        }
        List<ArchiveStore.Packet> kept = properties.keepPackets() ? withBytes(alerts) : List.copyOf(alerts.values());
        TreeSet<LocalDate> days = new TreeSet<>();
        rows.forEach(r -> days.add(r.day()));
        kept.forEach(p -> days.add(p.day()));
        store.ensurePartitions(days);
        Integer written = transactions.execute(status -> {
            int n = store.insertMatches(rows);
            store.insertPackets(kept);
            return n;
        });
        archived.increment(written == null ? 0 : written);
        sample.stop(batches);
    }

    /** An alert kept on a day (a replay on another day than its first match is kept on each). */
    private record Kept(LocalDate day, Packets.Coordinates where) {}

    private List<ArchiveStore.Packet> withBytes(Map<Kept, ArchiveStore.Packet> alerts) {
        if (alerts.isEmpty()) {
            return List.of();
        }
        Map<Packets.Coordinates, byte[]> bytes;
        try {
            bytes = packets.computeIfAbsent(Thread.currentThread(), t -> new Packets(kafka))
                    .read(alerts.keySet().stream().map(Kept::where).distinct().toList());
        } catch (RuntimeException e) {
            // the matches are archived all the same; their alerts' pages will say the packets were not kept
            log.warn(
                    "The archive could not read {} alerts back from the survey topics: {}",
                    alerts.size(),
                    e.toString());
            bytes = Map.of();
        }
        Map<Packets.Coordinates, byte[]> found = bytes;
        List<ArchiveStore.Packet> read = new ArrayList<>(alerts.size());
        alerts.forEach((kept, p) -> {
            byte[] b = found.get(kept.where());
            (b == null ? packetsGone : packetsKept).increment();
            read.add(new ArchiveStore.Packet(p.day(), p.alert(), b));
        });
        return read;
    }

    /** The alert's summary with its texts cut to the archive's columns. */
    private static AlertSummary cut(AlertSummary a) {
        return new AlertSummary(
                cut(a.stream(), 40),
                a.alertId(),
                cut(a.objectId(), 64),
                a.mjd(),
                a.ra(),
                a.dec(),
                a.magnitude(),
                a.band() == null ? null : cut(a.band(), 16),
                cut(a.topic(), 249),
                a.partition(),
                a.offset());
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    @Override
    public void destroy() {
        packets.values().forEach(Packets::close);
    }
}
