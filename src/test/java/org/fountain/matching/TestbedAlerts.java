package org.fountain.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.SourceCoordinates;
import org.fountain.alerts.TestStreams;
import org.fountain.alerts.UndecodableAlertException;
import org.fountain.simulator.MockMessage;
import org.fountain.simulator.RubinPackets;
import org.fountain.simulator.Testbed;

/** Testbed alerts, ZTF- and Rubin-shaped, decoded as ingest decodes them (strings arrive as Avro's Utf8). */
final class TestbedAlerts {

    static final double JD = 2461370.75;

    private TestbedAlerts() {}

    static AlertDecoder decoder() {
        return TestStreams.decoder(TestStreams.ztf(), TestStreams.lsst(RubinPackets.SCHEMA_DIRECTORY, null));
    }

    /** {@code count} decoded alerts of a 2,000-object sky, about 40 % of them Rubin-shaped. */
    static List<Alert> decoded(int count, long seed) {
        AlertDecoder decoder = decoder();
        Supplier<MockMessage> messages = Testbed.messages(
                JD,
                "--seed",
                Long.toString(seed),
                "--surveys",
                "ztf,lsst",
                "--lsst-share",
                "0.4",
                "--objects",
                "2000",
                "--no-cutouts");
        List<Alert> alerts = new ArrayList<>(count);
        for (int i = 0; alerts.size() < count; i++) {
            MockMessage message = messages.get();
            try {
                alerts.addAll(decoder.decode(new SourceCoordinates(message.topic(), 0, i), message.value()));
            } catch (UndecodableAlertException e) {
                throw new IllegalStateException("the testbed wrote an undecodable packet", e);
            }
        }
        return alerts;
    }

    /**
     * Spoils some alerts as real streams do: optional fields null (whole records and histories too), floating-point
     * fields NaN or negative zero.
     */
    static void spoil(List<Alert> alerts, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Alert alert : alerts) {
            int roll = random.nextInt(100);
            GenericRecord record = alert.record();
            GenericRecord detection = (GenericRecord)
                    (record.getSchema().getField("candidate") != null
                            ? record.get("candidate")
                            : record.get("diaSource"));
            if (roll < 12) {
                nullSome(detection, random);
            } else if (roll < 18) {
                setSome(detection, random, Float.NaN, Double.NaN);
            } else if (roll < 20) {
                setSome(detection, random, -0.0f, -0.0);
            } else if (roll < 25) {
                for (String optional : List.of("prv_candidates", "diaObject", "prvDiaSources", "ssSource")) {
                    if (record.getSchema().getField(optional) != null && random.nextBoolean()) {
                        record.put(optional, null);
                    }
                }
            }
        }
    }

    private static void nullSome(GenericRecord record, SplittableRandom random) {
        for (Schema.Field field : record.getSchema().getFields()) {
            if (field.schema().isNullable() && random.nextInt(3) == 0) {
                record.put(field.pos(), null);
            }
        }
    }

    private static void setSome(GenericRecord record, SplittableRandom random, float f, double d) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (random.nextInt(3) == 0) {
                if (value instanceof Float) {
                    record.put(field.pos(), f);
                } else if (value instanceof Double) {
                    record.put(field.pos(), d);
                }
            }
        }
    }
}
