package org.fountain.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.fountain.alerts.BuiltInSchemas;
import org.fountain.alerts.Sky;
import org.jspecify.annotations.Nullable;

/**
 * Writes mock detections as Rubin-shaped alerts in Confluent framing: a zero byte, the schema id 9001 (Fountain's own
 * mock schema, kept at {@link org.fountain.alerts.BuiltInSchemas#LSST_MOCK}), then the schemaless Avro body. Fluxes
 * are in nanojansky (AB mag = 31.4 − 2.5·log10 flux), times are MJD, cutouts are uncompressed FITS as Rubin sends them.
 */
public final class RubinPackets {

    /** The schema id of the mock Rubin schema: major 90, minor 1. */
    public static final int SCHEMA_ID = 9001;

    /** Where the schema directory of the mock Rubin stream lives. */
    public static final String SCHEMA_DIRECTORY = BuiltInSchemas.LSST_DIRECTORY;

    private static final Schema SCHEMA = load();
    private static final Schema SOURCE = SCHEMA.getField("diaSource").schema();
    private static final Schema SOURCES =
            SCHEMA.getField("prvDiaSources").schema().getTypes().get(1);
    private static final Schema OBJECT =
            SCHEMA.getField("diaObject").schema().getTypes().get(1);
    private static final Schema SS_SOURCE =
            SCHEMA.getField("ssSource").schema().getTypes().get(1);
    private static final String[] BANDS = {"u", "g", "r", "i"};

    private RubinPackets() {}

    public static Schema schema() {
        return SCHEMA;
    }

    /** Flux in nanojansky of an AB magnitude. */
    static double nanojansky(double magnitude) {
        return Sky.fluxNanojansky(magnitude);
    }

    /** A stable positive numeric object id for a mock object name. */
    static long diaObjectId(String objectId) {
        long h = 1125899906842597L;
        for (int i = 0; i < objectId.length(); i++) {
            h = 31 * h + objectId.charAt(i);
        }
        return (h & Long.MAX_VALUE) % 1_000_000_000_000_000L + 170_000_000_000_000_000L;
    }

    public static GenericRecord toRecord(MockAlert alert, boolean withCutouts) {
        long objectId = diaObjectId(alert.objectId());
        GenericRecord source = source(
                alert.candid(),
                objectId,
                alert.jd(),
                alert.fid(),
                alert.ra(),
                alert.dec(),
                alert.magpsf(),
                alert.sigmapsf(),
                alert.rb(),
                "f".equals(alert.isdiffpos()));
        List<GenericRecord> previous = new ArrayList<>();
        for (MockAlert.PastPoint point : alert.history()) {
            Long candid = point.candid();
            Double magpsf = point.magpsf();
            Double sigmapsf = point.sigmapsf();
            if (candid != null && magpsf != null && sigmapsf != null && point.jd() < alert.jd()) {
                previous.add(source(
                        candid,
                        objectId,
                        point.jd(),
                        point.fid(),
                        alert.ra(),
                        alert.dec(),
                        magpsf,
                        sigmapsf,
                        0.9,
                        false));
            }
        }
        GenericRecord object = new GenericData.Record(OBJECT);
        object.put("diaObjectId", objectId);
        object.put("ra", alert.ra());
        object.put("dec", alert.dec());
        object.put("nDiaSources", previous.size() + 1);
        object.put("g_psfFluxMean", meanFlux(alert, 1));
        object.put("r_psfFluxMean", meanFlux(alert, 2));

        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("diaSourceId", alert.candid());
        record.put("diaSource", source);
        record.put("prvDiaSources", new GenericData.Array<>(SOURCES, previous));
        record.put("diaObject", object);
        if (alert.ssnamenr() != null) {
            GenericRecord ss = new GenericData.Record(SS_SOURCE);
            ss.put("ssObjectId", diaObjectId(alert.ssnamenr()));
            ss.put("designation", alert.ssnamenr());
            ss.put("heliocentricDist", 2.7f);
            record.put("ssSource", ss);
        }
        if (withCutouts) {
            Cutouts.Stamps stamps = Cutouts.of(alert);
            record.put("cutoutScience", ByteBuffer.wrap(stamps.science()));
            record.put("cutoutTemplate", ByteBuffer.wrap(stamps.template()));
            record.put("cutoutDifference", ByteBuffer.wrap(stamps.difference()));
        }
        return record;
    }

    /** The alert as one Confluent-framed Kafka message value. */
    public static byte[] framed(MockAlert alert, boolean withCutouts) {
        return frame(SCHEMA_ID, toRecord(alert, withCutouts));
    }

    static byte[] frame(int schemaId, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        out.write(0);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static GenericRecord source(
            long id,
            long objectId,
            double jd,
            int fid,
            double ra,
            double dec,
            Double magnitude,
            Double sigma,
            double reliability,
            boolean negative) {
        GenericRecord source = new GenericData.Record(SOURCE);
        double mjd = jd - Sky.MJD_OFFSET;
        source.put("diaSourceId", id);
        source.put("visit", (long) Math.floor(mjd * 1000));
        source.put("detector", (int) Math.floorMod(id, 189));
        source.put("diaObjectId", objectId);
        source.put("midpointMjdTai", mjd);
        source.put("ra", ra);
        source.put("raErr", 2.8e-5f);
        source.put("dec", dec);
        source.put("decErr", 2.8e-5f);
        if (magnitude != null) {
            double flux = nanojansky(magnitude) * (negative ? -1 : 1);
            double error = Math.abs(flux) * (sigma == null ? 0.05 : sigma) / 1.0857;
            source.put("psfFlux", (float) flux);
            source.put("psfFluxErr", (float) error);
            source.put("snr", (float) Math.abs(flux / error));
        }
        source.put("reliability", (float) reliability);
        source.put("band", BANDS[Math.max(0, Math.min(3, fid))]);
        source.put("isNegative", negative);
        return source;
    }

    private static @Nullable Float meanFlux(MockAlert alert, int fid) {
        double sum = 0;
        int n = 0;
        for (MockAlert.PastPoint point : alert.history()) {
            if (point.isDetection() && point.fid() == fid && point.magpsf() != null) {
                sum += nanojansky(point.magpsf());
                n++;
            }
        }
        return n == 0 ? null : (float) (sum / n);
    }

    private static Schema load() {
        try (InputStream in = BuiltInSchemas.open(BuiltInSchemas.LSST_MOCK)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
