package org.fountain.context;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.fountain.alerts.Alert;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every alert's context, as filters read it: each {@link ContextSource}'s field beside the packet's own. Ingest (and a
 * rewind) {@link #attach attaches} it to each alert before matching: nothing is computed then, each source only when
 * a filter (or the index) first reads its field, once per alert, timed ({@code fountain.context.lookups{source}}) and
 * a failure counted ({@code fountain.context.failures{source}}) and read as null. The filter language is typed with
 * {@link #typingSchema the stream's schema and its context}. With no sources an alert is left as it is.
 */
@Component
public class AlertContexts {

    private static final Logger log = LoggerFactory.getLogger(AlertContexts.class);
    private static final int MAX_SCHEMAS = 1_000;

    /** An alert schema with the context fields of a stream appended, and the sources giving them, in order. */
    record Extended(Schema schema, int own, List<ContextSource> sources) {}

    private final List<Measured> sources;
    /** By stream, the extended schema of each alert schema seen (writer schemas are few, and kept by the decoder). */
    private final Map<String, Map<Schema, Extended>> extended = new ConcurrentHashMap<>();

    public AlertContexts(List<ContextSource> sources, MeterRegistry meters) {
        List<Measured> measured = new ArrayList<>();
        for (ContextSource source : sources) {
            measured.add(new Measured(source, meters));
        }
        this.sources = List.copyOf(measured);
    }

    /** The sources, by name. */
    public List<String> sourceNames() {
        return sources.stream().map(ContextSource::name).toList();
    }

    /** The alert with its context beside its own fields (itself when the stream has no context). */
    public Alert attach(Alert alert) {
        if (sources.isEmpty()) {
            return alert;
        }
        Extended schema = extend(alert.stream(), alert.record().getSchema());
        if (schema.sources().isEmpty()) {
            return alert;
        }
        return alert.withRecord(new ContextualRecord(alert, schema));
    }

    /** The schema a stream's filters are typed with: its alert schema and the fields its context gives. */
    public Schema typingSchema(String stream, Schema alertSchema) {
        return extend(stream, alertSchema).schema();
    }

    private Extended extend(String stream, Schema alertSchema) {
        // an Avro schema keeps its hash, and equals itself at once: the lookup of a schema seen before is cheap
        Map<Schema, Extended> known = extended.computeIfAbsent(stream, s -> new ConcurrentHashMap<>());
        Extended found = known.get(alertSchema);
        if (found != null) {
            return found;
        }
        if (known.size() >= MAX_SCHEMAS) {
            known.clear();
        }
        Extended made = build(stream, alertSchema);
        known.put(alertSchema, made);
        return made;
    }

    private Extended build(String stream, Schema alertSchema) {
        List<ContextSource> given = new ArrayList<>();
        List<Schema.Field> added = new ArrayList<>();
        for (Measured source : sources) {
            Schema schema = source.schemaFor(stream);
            if (schema == null) {
                continue;
            }
            if (alertSchema.getField(source.name()) != null) {
                log.warn(
                        "Stream {} has a field named {} already: the context source of that name is left out of it",
                        stream,
                        source.name());
                continue;
            }
            given.add(source);
            added.add(new Schema.Field(
                    source.name(),
                    Schema.createUnion(Schema.create(Schema.Type.NULL), schema),
                    "Context: " + source.name(),
                    JsonProperties.NULL_VALUE));
        }
        if (given.isEmpty()) {
            return new Extended(alertSchema, alertSchema.getFields().size(), List.of());
        }
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field own : alertSchema.getFields()) {
            fields.add(new Schema.Field(own, own.schema()));
        }
        fields.addAll(added);
        Schema schema = Schema.createRecord(
                alertSchema.getName(), alertSchema.getDoc(), alertSchema.getNamespace(), false, fields);
        return new Extended(schema, alertSchema.getFields().size(), List.copyOf(given));
    }

    /** A source whose lookups are timed and whose failures are counted and read as null. */
    private static final class Measured implements ContextSource {

        private final ContextSource source;
        private final Timer lookups;
        private final Counter failures;

        Measured(ContextSource source, MeterRegistry meters) {
            this.source = source;
            this.lookups = Timer.builder("fountain.context.lookups")
                    .tag("source", source.name())
                    .description("Time to compute one alert's context from this source")
                    .register(meters);
            this.failures = Counter.builder("fountain.context.failures")
                    .tag("source", source.name())
                    .description("Alerts whose context this source failed to give (read as null)")
                    .register(meters);
        }

        @Override
        public String name() {
            return source.name();
        }

        @Override
        public @Nullable Schema schemaFor(String stream) {
            return source.schemaFor(stream);
        }

        @Override
        public @Nullable Object valueFor(Alert alert) {
            long start = System.nanoTime();
            try {
                return source.valueFor(alert);
            } catch (RuntimeException e) {
                failures.increment();
                return null;
            } finally {
                lookups.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }
}
