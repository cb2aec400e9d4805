/** Decoders of the wire formats: Avro with a schema registry or a fixed schema, container files. */
@NullMarked
package org.fountain.alerts.format;

import org.jspecify.annotations.NullMarked;
