package org.fountain.alerts.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.fountain.alerts.UndecodableAlertException;
import org.fountain.alerts.UndecodableReason;
import org.jspecify.annotations.Nullable;

/**
 * Schemas in a local directory laid out as Rubin publishes them: {@code <major>/<minor>/*.avsc}, schema id = major ×
 * 100 + minor. The {@code .avsc} files of one version name each other's types, so they are parsed in whatever order
 * resolves; the alert schema is the one in the file whose name ends in {@code alert.avsc}.
 */
public final class SchemaDirectory implements SchemaSource {

    static final String CLASSPATH = "classpath:";

    private final String location;
    private final @Nullable Path root;
    private final ConcurrentMap<Integer, Schema> schemas = new ConcurrentHashMap<>();

    /**
     * A directory on disk, or {@code classpath:<folder>}, where each version is one self-contained
     * {@code <major>/<minor>/alert.avsc}.
     */
    public SchemaDirectory(String location) {
        this.location = location;
        this.root = location.startsWith(CLASSPATH) ? null : Path.of(location);
    }

    @Override
    public Schema schemaFor(int id) throws UndecodableAlertException {
        Schema cached = schemas.get(id);
        if (cached != null) {
            return cached;
        }
        if (root == null) {
            Schema schema = fromClasspath(id);
            schemas.putIfAbsent(id, schema);
            return schema;
        }
        Path dir = root.resolve(Integer.toString(id / 100)).resolve(Integer.toString(id % 100));
        if (id < 0 || !Files.isDirectory(dir)) {
            throw UndecodableAlertException.because(
                    UndecodableReason.UNKNOWN_SCHEMA_ID, "no schema " + id + " under " + root);
        }
        Schema schema = load(dir, id);
        schemas.putIfAbsent(id, schema);
        return schema;
    }

    private Schema fromClasspath(int id) throws UndecodableAlertException {
        String folder = location.substring(CLASSPATH.length()).replaceAll("^/+|/+$", "");
        String resource = folder + "/" + (id / 100) + "/" + (id % 100) + "/alert.avsc";
        try (var in = SchemaDirectory.class.getClassLoader().getResourceAsStream(resource)) {
            if (id < 0 || in == null) {
                throw UndecodableAlertException.because(
                        UndecodableReason.UNKNOWN_SCHEMA_ID, "no schema " + id + " in " + location);
            }
            return new Schema.Parser().setValidateDefaults(false).parse(in);
        } catch (IOException | SchemaParseException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.BAD_SCHEMA, "schema " + id + ": " + e.getMessage(), e);
        }
    }

    private static Schema load(Path dir, int id) throws UndecodableAlertException {
        List<Path> pending = new ArrayList<>();
        Path alert = null;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith("alert.avsc")) {
                    alert = file;
                } else if (name.endsWith(".avsc")) {
                    pending.add(file);
                }
            }
        } catch (IOException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.UNKNOWN_SCHEMA_ID, "cannot read " + dir + ": " + e, e);
        }
        if (alert == null) {
            throw UndecodableAlertException.because(UndecodableReason.UNKNOWN_SCHEMA_ID, "no *alert.avsc in " + dir);
        }
        Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
        String lastError = null;
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (Iterator<Path> it = pending.iterator(); it.hasNext(); ) {
                Path file = it.next();
                try {
                    parser.parse(file.toFile());
                    it.remove();
                    progress = true;
                } catch (SchemaParseException | IOException e) {
                    lastError = file.getFileName() + ": " + e.getMessage();
                }
            }
            if (!progress) {
                throw UndecodableAlertException.because(
                        UndecodableReason.BAD_SCHEMA, "schema " + id + " does not resolve: " + lastError);
            }
        }
        try {
            return parser.parse(alert.toFile());
        } catch (SchemaParseException | IOException e) {
            throw UndecodableAlertException.because(
                    UndecodableReason.BAD_SCHEMA, "schema " + id + ": " + e.getMessage(), e);
        }
    }
}
