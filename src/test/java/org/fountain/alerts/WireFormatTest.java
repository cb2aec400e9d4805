package org.fountain.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Every framing Fountain reads, each also gzip-wrapped, and the ways each can fail. */
class WireFormatTest {

    private static final SourceCoordinates ZTF_SOURCE = new SourceCoordinates("ztf_20261126_programid1", 0, 5);
    private static final SourceCoordinates RUBIN_SOURCE = new SourceCoordinates("lsst-alerts-v11", 7, 9);
    private static final int MOCK_SCHEMA_ID = 4207;

    @TempDir
    Path temp;

    private HttpServer registry;

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.stop(0);
        }
    }

    private static MockAlert alert(String objectId) {
        return MockAlert.simple(objectId, 77, 2461370.5, 33.3, -4.4, 18.25);
    }

    @Test
    void readsContainerFilesWithTheSnappyCodec() throws Exception {
        byte[] file = containerFile(CodecFactory.snappyCodec(), alert("ZTF26snappyy"), alert("ZTF26snappyz"));

        List<Alert> alerts = TestStreams.decoder(TestStreams.ztf()).decode(ZTF_SOURCE, file);

        assertThat(alerts).extracting(Alert::objectId).containsExactly("ZTF26snappyy", "ZTF26snappyz");
    }

    @Test
    void readsGzipWrappedContainerFiles() throws Exception {
        byte[] wrapped = TestPayloads.gzip(containerFile(CodecFactory.deflateCodec(3), alert("ZTF26gzipped")));

        assertThat(TestStreams.decoder(TestStreams.ztf()).decode(ZTF_SOURCE, wrapped))
                .singleElement()
                .extracting(Alert::objectId)
                .isEqualTo("ZTF26gzipped");
    }

    @Test
    void readsConfluentFramesWithSchemasFromADirectory() throws Exception {
        AlertDecoder decoder = TestStreams.decoder(mockFramedStream(schemaDirectory(), null));

        Alert plain = decoder.decode(RUBIN_SOURCE, framed(MOCK_SCHEMA_ID, alert("ZTF26framed1")))
                .get(0);
        Alert gzipped = decoder.decode(RUBIN_SOURCE, TestPayloads.gzip(framed(MOCK_SCHEMA_ID, alert("ZTF26framed2"))))
                .get(0);

        assertThat(plain.objectId()).isEqualTo("ZTF26framed1");
        assertThat(plain.magnitude()).isEqualTo(18.25);
        assertThat(plain.source()).isEqualTo(RUBIN_SOURCE);
        assertThat(gzipped.objectId()).isEqualTo("ZTF26framed2");
    }

    @Test
    void readsConfluentFramesWithSchemasFromARegistryAndAsksOncePerId() throws Exception {
        AtomicInteger calls =
                startRegistry(Map.of(MOCK_SCHEMA_ID, MockAlerts.schema().toString()));
        AlertDecoder decoder = TestStreams.decoder(mockFramedStream(null, registryUrl()));

        for (int i = 0; i < 5; i++) {
            assertThat(decoder.decode(RUBIN_SOURCE, framed(MOCK_SCHEMA_ID, alert("ZTF26registr"))))
                    .singleElement()
                    .extracting(Alert::objectId)
                    .isEqualTo("ZTF26registr");
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void reportsAnIdTheRegistryDoesNotKnow() throws Exception {
        startRegistry(Map.of());
        AlertDecoder decoder = TestStreams.decoder(mockFramedStream(null, registryUrl()));

        assertThatThrownBy(() -> decoder.decode(RUBIN_SOURCE, framed(99, alert("ZTF26unknown"))))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("unknown-schema-id"));
    }

    @Test
    void reportsAnUnreachableRegistry() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AlertDecoder decoder = TestStreams.decoder(mockFramedStream(null, "http://127.0.0.1:" + closedPort));

        assertThatThrownBy(() -> decoder.decode(RUBIN_SOURCE, framed(MOCK_SCHEMA_ID, alert("ZTF26noregis"))))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("registry-unreachable"));
    }

    @Test
    void reportsAnIdMissingFromTheDirectory() throws Exception {
        AlertDecoder decoder = TestStreams.decoder(mockFramedStream(schemaDirectory(), null));

        assertThatThrownBy(() -> decoder.decode(RUBIN_SOURCE, framed(1205, alert("ZTF26nodir12"))))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("unknown-schema-id"));
    }

    @Test
    void reportsAFrameThatDoesNotFitItsSchema() throws Exception {
        AlertDecoder decoder = TestStreams.decoder(mockFramedStream(schemaDirectory(), null));
        byte[] frame = framed(MOCK_SCHEMA_ID, alert("ZTF26trailin"));
        byte[] withGarbage = java.util.Arrays.copyOf(frame, frame.length + 7);

        assertThatThrownBy(() -> decoder.decode(RUBIN_SOURCE, withGarbage))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("corrupt-record"));
    }

    @Test
    void readsRawSchemalessAvroWithTheConfiguredSchema() throws Exception {
        Path schemaFile = temp.resolve("mock.avsc");
        Files.writeString(schemaFile, MockAlerts.schema().toString(true));
        StreamDefinition raw = new StreamDefinition(
                "raw", "raw-.*", WireFormat.RAW, Profile.ZTF, null, null, null, schemaFile.toString());
        AlertDecoder decoder = TestStreams.decoder(raw);
        SourceCoordinates source = new SourceCoordinates("raw-alerts", 0, 0);

        assertThat(decoder.decode(source, avroBody(alert("ZTF26rawbody"))))
                .singleElement()
                .extracting(Alert::objectId)
                .isEqualTo("ZTF26rawbody");
        assertThat(decoder.decode(source, TestPayloads.gzip(avroBody(alert("ZTF26rawgzip")))))
                .singleElement()
                .extracting(Alert::objectId)
                .isEqualTo("ZTF26rawgzip");
    }

    @Test
    void rejectsAWriterSchemaThatDeclaresAFieldTwice() throws Exception {
        String schema = TestPayloads.DUPLICATE_FIELD_SCHEMA;

        assertThatThrownBy(() -> TestStreams.decoder(TestStreams.ztf())
                        .decode(ZTF_SOURCE, TestPayloads.containerFile(schema, new byte[] {2, 4})))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("bad-schema"));
    }

    @Test
    void rejectsAnOversizedMessageAndAGzipThatInflatesPastTheLimit() throws Exception {
        AlertDecoder decoder = TestStreams.decoder(TestStreams.ztf());
        byte[] twentyMegabytes = new byte[20 * 1024 * 1024];
        System.arraycopy(new byte[] {'O', 'b', 'j', 1}, 0, twentyMegabytes, 0, 4);

        assertThatThrownBy(() -> decoder.decode(ZTF_SOURCE, twentyMegabytes))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("too-large"));
        assertThatThrownBy(() -> decoder.decode(ZTF_SOURCE, TestPayloads.gzip(twentyMegabytes)))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("too-large"));
    }

    @Test
    void rejectsACorruptGzipPayload() {
        byte[] notReallyGzip = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7};

        assertThatThrownBy(() -> TestStreams.decoder(TestStreams.ztf()).decode(ZTF_SOURCE, notReallyGzip))
                .isInstanceOfSatisfying(
                        UndecodableAlertException.class,
                        e -> assertThat(e.reason()).isEqualTo("bad-gzip"));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** A stream of framed messages in the mock schema, read through the ZTF profile. */
    private static StreamDefinition mockFramedStream(String directory, String registryUrl) {
        return new StreamDefinition(
                "lsst", "lsst-alerts-v.*", WireFormat.AUTO, Profile.ZTF, null, registryUrl, directory, null);
    }

    /** {@code <dir>/42/7/fountain.alert.avsc}: schema id 4207, laid out as Rubin lays out its schemas. */
    private String schemaDirectory() throws IOException {
        Path version = temp.resolve("schema").resolve("42").resolve("7");
        Files.createDirectories(version);
        Files.writeString(
                version.resolve("fountain.alert.avsc"), MockAlerts.schema().toString(true));
        return temp.resolve("schema").toString();
    }

    private AtomicInteger startRegistry(Map<Integer, String> schemas) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        JsonMapper json = JsonMapper.builder().build();
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/schemas/ids/", exchange -> {
            calls.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            String schema = schemas.get(id);
            byte[] body = schema == null
                    ? "{\"error_code\":40403,\"message\":\"Schema not found\"}".getBytes(StandardCharsets.UTF_8)
                    : json.writeValueAsBytes(Map.of("schema", schema));
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(schema == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        registry.start();
        return calls;
    }

    private String registryUrl() {
        return "http://127.0.0.1:" + registry.getAddress().getPort();
    }

    private static byte[] avroBody(MockAlert alert) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(MockAlerts.schema()).write(MockAlerts.toRecord(alert), encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static byte[] framed(int schemaId, MockAlert alert) throws IOException {
        byte[] body = avroBody(alert);
        return ByteBuffer.allocate(5 + body.length)
                .put((byte) 0)
                .putInt(schemaId)
                .put(body)
                .array();
    }

    private static byte[] containerFile(CodecFactory codec, MockAlert... alerts) throws IOException {
        Schema schema = MockAlerts.schema();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.setCodec(codec);
            writer.create(schema, out);
            for (MockAlert alert : alerts) {
                writer.append(MockAlerts.toRecord(alert));
            }
        }
        return out.toByteArray();
    }
}
