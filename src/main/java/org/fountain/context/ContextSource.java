package org.fountain.context;

import org.apache.avro.Schema;
import org.fountain.alerts.Alert;
import org.jspecify.annotations.Nullable;

/**
 * One kind of context an alert can have, as filters read it: a top-level field beside the packet's own (such as
 * {@code xmatch} or {@code features}) whose type is an Avro record, typed per stream (so the editor suggests its
 * fields and a misspelt one is an error at save) and computed per alert only when a filter reads it. A source is a
 * bean; {@link AlertContexts} finds them all.
 */
public interface ContextSource {

    /** The field's name: a CEL identifier, the same for every stream. */
    String name();

    /** The record it gives alerts of this stream, or null when it gives this stream nothing. */
    @Nullable
    Schema schemaFor(String stream);

    /**
     * Its value for one alert: a record of {@link #schemaFor the stream's schema}, or null when nothing is known (a
     * source that is loading, or has no data there). Called at most once per alert, on the matching thread: keep it
     * to lookups in memory. A failure is counted and read as null; it never stops matching.
     */
    @Nullable
    Object valueFor(Alert alert);
}
