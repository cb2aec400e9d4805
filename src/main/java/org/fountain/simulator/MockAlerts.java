package org.fountain.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.fountain.alerts.BuiltInSchemas;

/**
 * Builds and encodes mock alerts in Fountain's own ZTF-shaped schema: one Avro Object Container File per Kafka
 * message, writer schema embedded, as ZTF publishes.
 */
public final class MockAlerts {

    private static final Schema SCHEMA = loadSchema();
    private static final Schema CANDIDATE = SCHEMA.getField("candidate").schema();
    private static final Schema PRV_ARRAY =
            SCHEMA.getField("prv_candidates").schema().getTypes().get(1);
    private static final Schema PRV = PRV_ARRAY.getElementType();
    private static final Schema CUTOUT =
            SCHEMA.getField("cutoutScience").schema().getTypes().get(1);
    private static final int SYNC_SIZE = 16;
    private static final byte[] HEADER = header();
    private static final GenericDatumWriter<GenericRecord> WRITER = new GenericDatumWriter<>(SCHEMA);

    private MockAlerts() {}

    /** The mock stream's schema. */
    public static Schema schema() {
        return SCHEMA;
    }

    public static GenericRecord toRecord(MockAlert alert) {
        GenericRecord candidate = new GenericData.Record(CANDIDATE);
        candidate.put("jd", alert.jd());
        candidate.put("fid", alert.fid());
        candidate.put("pid", (long) Math.floor((alert.jd() - 2458000.5) * 1e5));
        candidate.put("diffmaglim", (float) alert.diffmaglim());
        candidate.put("programid", 1);
        candidate.put("candid", alert.candid());
        candidate.put("isdiffpos", alert.isdiffpos());
        candidate.put("ra", alert.ra());
        candidate.put("dec", alert.dec());
        candidate.put("magpsf", (float) alert.magpsf());
        candidate.put("sigmapsf", (float) alert.sigmapsf());
        candidate.put("rb", (float) alert.rb());
        candidate.put("drb", (float) alert.drb());
        long detections =
                alert.history().stream().filter(p -> p.candid() != null).count();
        candidate.put("ndethist", (int) detections + 1);
        candidate.put(
                "jdstarthist",
                alert.history().stream()
                        .filter(p -> p.candid() != null)
                        .mapToDouble(MockAlert.PastPoint::jd)
                        .min()
                        .orElse(alert.jd()));
        candidate.put("ssdistnr", (float) alert.ssdistnr());
        candidate.put("ssmagnr", alert.ssnamenr() == null ? -999f : (float) (alert.magpsf() + 0.2));
        candidate.put("ssnamenr", alert.ssnamenr());
        candidate.put("sgscore1", (float) alert.sgscore1());
        candidate.put("distpsnr1", (float) alert.distpsnr1());
        candidate.put("nbad", alert.nbad());
        candidate.put("fwhm", (float) alert.fwhm());
        candidate.put("elong", (float) alert.elong());
        candidate.put("magdiff", (float) alert.magdiff());

        List<GenericRecord> prv = new ArrayList<>(alert.history().size());
        for (MockAlert.PastPoint point : alert.history()) {
            if (point.jd() >= alert.jd()) {
                continue;
            }
            GenericRecord p = new GenericData.Record(PRV);
            p.put("jd", point.jd());
            p.put("fid", point.fid());
            p.put("candid", point.candid());
            p.put("diffmaglim", (float) point.diffmaglim());
            if (point.candid() != null) {
                p.put("isdiffpos", "t");
                p.put("ra", alert.ra());
                p.put("dec", alert.dec());
                p.put("magpsf", point.magpsf() == null ? null : point.magpsf().floatValue());
                p.put(
                        "sigmapsf",
                        point.sigmapsf() == null ? null : point.sigmapsf().floatValue());
                p.put("rb", 0.8f);
            }
            prv.add(p);
        }

        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("schemavsn", "fountain-mock-1");
        record.put("publisher", "Fountain mock stream");
        record.put("objectId", alert.objectId());
        record.put("candid", alert.candid());
        record.put("candidate", candidate);
        record.put("prv_candidates", new GenericData.Array<>(PRV_ARRAY, prv));
        return record;
    }

    /** The alert, without image cutouts, as one Avro Object Container File with its writer schema in the header. */
    public static byte[] containerFile(MockAlert alert) {
        return containerFile(List.of(toRecord(alert)));
    }

    /** The alert with its three gzipped FITS cutouts (science, template, difference), as one container file. */
    public static byte[] containerFileWithCutouts(MockAlert alert) {
        GenericRecord record = toRecord(alert);
        Cutouts.Stamps stamps = Cutouts.of(alert);
        record.put("cutoutScience", cutout(alert, "scimref", Cutouts.gzip(stamps.science())));
        record.put("cutoutTemplate", cutout(alert, "ref", Cutouts.gzip(stamps.template())));
        record.put("cutoutDifference", cutout(alert, "scimrefdiffimg", Cutouts.gzip(stamps.difference())));
        return containerFile(List.of(record));
    }

    private static GenericRecord cutout(MockAlert alert, String kind, byte[] gzippedFits) {
        GenericRecord cutout = new GenericData.Record(CUTOUT);
        cutout.put("fileName", "candid" + alert.candid() + "_" + kind + ".fits.gz");
        cutout.put("stampData", ByteBuffer.wrap(gzippedFits));
        return cutout;
    }

    /**
     * Records of the mock schema as one Avro Object Container File. The header (magic, schema, codec, sync marker) is
     * written once and copied into every file: writing the schema's JSON for every message cost more than the alert.
     */
    public static byte[] containerFile(List<GenericRecord> records) {
        ByteArrayOutputStream block = new ByteArrayOutputStream(4096);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(block, null);
            for (GenericRecord record : records) {
                WRITER.write(record, encoder);
            }
            encoder.flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER.length + block.size() + 40);
            out.writeBytes(HEADER);
            BinaryEncoder counts = EncoderFactory.get().directBinaryEncoder(out, null);
            counts.writeLong(records.size());
            counts.writeLong(block.size());
            counts.flush();
            block.writeTo(out);
            out.write(HEADER, HEADER.length - SYNC_SIZE, SYNC_SIZE);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A container file of the mock schema with no blocks: its header, ending with the file's sync marker. */
    private static byte[] header() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA))) {
            writer.create(SCHEMA, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Schema loadSchema() {
        try (InputStream in = BuiltInSchemas.open(BuiltInSchemas.ZTF_MOCK)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
