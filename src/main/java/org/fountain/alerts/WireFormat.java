package org.fountain.alerts;

/** How the Avro alerts of a stream are framed in Kafka messages. Any of them may also arrive gzip-compressed. */
public enum WireFormat {
    /** Detect per message: container file magic, else Confluent framing, else raw with the configured schema. */
    AUTO,
    /** An Avro Object Container File per message, writer schema in its header (ZTF). */
    CONTAINER,
    /** Confluent framing: a zero byte, a 4-byte big-endian schema id, then schemaless Avro (Rubin). */
    CONFLUENT,
    /** Schemaless Avro written with the stream's configured schema. */
    RAW
}
