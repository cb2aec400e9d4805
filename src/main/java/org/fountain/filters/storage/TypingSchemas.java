package org.fountain.filters.storage;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The schema each stream's filters are type-checked against, learnt once and kept in PostgreSQL (as Avro JSON). */
@Repository
public class TypingSchemas {

    private final JdbcClient jdbc;

    TypingSchemas(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> find(String stream) {
        return jdbc.sql("select schema from stream_typing_schemas where stream = :stream")
                .param("stream", stream)
                .query(String.class)
                .optional();
    }

    /** Keeps the schema unless one is kept already (another instance may have learnt first); returns the kept one. */
    public String learn(String stream, String schema) {
        jdbc.sql("insert into stream_typing_schemas (stream, schema) values (:stream, :schema)"
                        + " on conflict (stream) do nothing")
                .param("stream", stream)
                .param("schema", schema)
                .update();
        return find(stream).orElse(schema);
    }
}
