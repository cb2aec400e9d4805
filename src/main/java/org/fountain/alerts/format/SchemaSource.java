package org.fountain.alerts.format;

import org.apache.avro.Schema;
import org.fountain.alerts.UndecodableAlertException;

/** Finds the writer schema a Confluent-framed message names by id. */
interface SchemaSource {

    /**
     * The schema with this id.
     *
     * @throws UndecodableAlertException {@code unknown-schema-id}, {@code registry-unreachable} or {@code bad-schema}
     */
    Schema schemaFor(int id) throws UndecodableAlertException;
}
