package org.fountain.filters.language;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.StreamDefinition;
import org.fountain.context.AlertContexts;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.storage.CheckedPrograms;
import org.fountain.filters.storage.TypingSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The filter language of each configured stream, type-checked against a schema pinned per stream: the configured one
 * ({@code fountain.alerts.filter-schemas.<stream>}); else the writer schema of the stream's first alert, learnt once
 * and kept in PostgreSQL for every instance; before any alert, the profile's built-in one. A packet with another
 * writer schema later (a new survey version, a hostile file, a rewind over old data) never changes which filters
 * compile.
 */
@Component
public class FilterLanguages {

    private record Cached(Schema schema, FilterLanguage language) {}

    private static final Logger log = LoggerFactory.getLogger(FilterLanguages.class);
    private static final long RECHECK_NANOS = 5_000_000_000L;

    private final AlertDecoder decoder;
    private final TypingSchemas stored;
    private final Map<String, StreamDefinition> streams = new LinkedHashMap<>();
    private final Map<String, Cached> languages = new ConcurrentHashMap<>();
    private final Map<String, Schema> learnt = new ConcurrentHashMap<>();
    private final Map<String, Long> lastLookup = new ConcurrentHashMap<>();

    private final CheckedPrograms kept;
    private final AlertContexts contexts;

    FilterLanguages(AlertDecoder decoder, TypingSchemas stored, CheckedPrograms kept, AlertContexts contexts) {
        this.contexts = contexts;
        this.decoder = decoder;
        this.stored = stored;
        this.kept = kept;
        for (StreamDefinition stream : decoder.streams()) {
            streams.putIfAbsent(stream.name(), stream);
        }
    }

    /** The stream names filters may choose from. */
    public List<String> streams() {
        return List.copyOf(streams.keySet());
    }

    /**
     * Compiles an expression for a stream.
     *
     * @throws InvalidFilterException when the stream is unknown or the expression does not compile
     */
    public FilterProgram compile(String stream, String expression) {
        return languageFor(stream).compile(expression);
    }

    /** Programs compiled in bulk, and the problems of the expressions that did not compile. */
    public record Compiled(
            FilterLanguage language,
            Map<String, FilterProgram> programs,
            Map<String, InvalidFilterException> problems) {}

    /**
     * Compiles many expressions of a stream at once, on every core, reading the type-checked programs kept from
     * earlier compilations (checking is most of the cost) and keeping the new ones for next time.
     *
     * @throws InvalidFilterException when the stream is unknown or no schema is known for it yet
     */
    public Compiled compileAll(String stream, Collection<String> expressions) {
        FilterLanguage language = languageFor(stream);
        Map<String, String> keys = new HashMap<>();
        for (String expression : expressions) {
            keys.put(expression, key(language, expression));
        }
        Map<String, byte[]> found = Map.of();
        try {
            found = kept.find(keys.values());
        } catch (RuntimeException e) {
            log.warn("Could not read kept filter programs: {}", e.toString());
        }
        Map<String, byte[]> known = found;
        Map<String, FilterProgram> programs = new ConcurrentHashMap<>();
        Map<String, InvalidFilterException> problems = new ConcurrentHashMap<>();
        Map<String, byte[]> fresh = new ConcurrentHashMap<>();
        (keys.size() > 64 ? keys.entrySet().parallelStream() : keys.entrySet().stream()).forEach(entry -> {
            byte[] checked = known.get(entry.getValue());
            try {
                if (checked != null) {
                    try {
                        programs.put(entry.getKey(), language.fromChecked(checked));
                        return;
                    } catch (InvalidFilterException unreadable) {
                        // compiled afresh below
                    }
                }
                FilterProgram program = language.compile(entry.getKey());
                programs.put(entry.getKey(), program);
                fresh.put(entry.getValue(), FilterLanguage.checkedBytes(program));
            } catch (InvalidFilterException e) {
                problems.put(entry.getKey(), e);
            }
        });
        if (!fresh.isEmpty()) {
            try {
                kept.keep(fresh);
            } catch (RuntimeException e) {
                log.warn("Could not keep {} filter programs: {}", fresh.size(), e.toString());
            }
        }
        return new Compiled(language, programs, problems);
    }

    private static String key(FilterLanguage language, String expression) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(language.fingerprint().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(expression.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops kept programs unused for 30 days; once, as the instance starts. */
    @EventListener(ApplicationReadyEvent.class)
    void forgetUnusedPrograms() {
        try {
            kept.forgetUnused();
        } catch (RuntimeException e) {
            log.warn("Could not drop unused filter programs: {}", e.toString());
        }
    }

    /** The alert with its context beside its own fields, as the filters typed by this language read it. */
    public Alert withContext(Alert alert) {
        return contexts.attach(alert);
    }

    /** The fields a stream's filters can use, for the editor. */
    public List<FieldDescription> fields(String stream) {
        return languageFor(stream).fields();
    }

    /** The pinned schema of a stream, learning it from the stream's first alert; the built-in one until then. */
    Optional<Schema> typingSchema(String stream) {
        Optional<Schema> configured = decoder.configuredTypingSchema(stream);
        if (configured.isPresent()) {
            return configured;
        }
        Schema known = learnt.get(stream);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Schema> latest = decoder.latestWriterSchema(stream);
        long now = System.nanoTime();
        Long last = lastLookup.get(stream);
        if (latest.isPresent() || last == null || now - last > RECHECK_NANOS) {
            lastLookup.put(stream, now);
            try {
                Optional<String> text = latest.isPresent()
                        ? Optional.of(stored.learn(stream, latest.get().toString()))
                        : stored.find(stream);
                if (text.isPresent()) {
                    Schema schema =
                            new Schema.Parser().setValidateDefaults(false).parse(text.get());
                    learnt.put(stream, schema);
                    return Optional.of(schema);
                }
            } catch (RuntimeException e) {
                log.warn("Could not read or keep the typing schema of stream {}: {}", stream, e.toString());
            }
        }
        return decoder.defaultTypingSchema(stream);
    }

    /**
     * The language of a stream: compile with it, and use it to tell whether a compiled program is still current.
     *
     * @throws InvalidFilterException when the stream is unknown or no schema is known for it yet
     */
    public FilterLanguage languageFor(String stream) {
        StreamDefinition definition = streams.get(stream);
        if (definition == null) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(
                    0, 0, "unknown stream '" + stream + "'; streams: " + String.join(", ", streams.keySet()))));
        }
        Optional<Schema> schema = typingSchema(stream);
        Cached cached = languages.get(stream);
        if (cached != null && cached.schema() == schema.orElse(null)) {
            return cached.language();
        }
        if (schema.isEmpty()) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(
                    0,
                    0,
                    "no schema is known for stream '" + stream + "' until its first alert arrives; configure"
                            + " fountain.alerts.filter-schemas." + stream + " to write filters before then")));
        }
        FilterLanguage language = new FilterLanguage(contexts.typingSchema(stream, schema.get()));
        languages.put(stream, new Cached(schema.get(), language));
        return language;
    }
}
