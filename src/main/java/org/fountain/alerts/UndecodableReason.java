package org.fountain.alerts;

/**
 * Why a message could not be turned into alerts: the closed list of reasons a dead letter carries. Each has a stable
 * wire code, written in the dead letter's {@code fountain.reason} header and used as the metrics' {@code reason} label.
 */
public enum UndecodableReason {
    /** The message has no bytes. */
    EMPTY("empty"),
    /** The message, or a value or block in it, is larger than a packet may be. */
    TOO_LARGE("too-large"),
    /** A container file holds more records than a message may. */
    TOO_MANY_RECORDS("too-many-records"),
    /** Neither an Avro container file nor a Confluent-framed message. */
    UNKNOWN_FORMAT("unknown-format"),
    /** A framed message does not start with the magic byte. */
    BAD_MAGIC("bad-magic"),
    /** A gzip payload cannot be inflated. */
    BAD_GZIP("bad-gzip"),
    /** A container file's header is malformed. */
    BAD_HEADER("bad-header"),
    /** A container file's header carries no schema. */
    NO_SCHEMA("no-schema"),
    /** The stream has neither a schema registry nor a schema directory for a framed message. */
    NO_SCHEMA_SOURCE("no-schema-source"),
    /** The writer schema cannot be parsed or does not resolve. */
    BAD_SCHEMA("bad-schema"),
    /** No schema has the id the message names. */
    UNKNOWN_SCHEMA_ID("unknown-schema-id"),
    /** The schema registry did not answer. */
    REGISTRY_UNREACHABLE("registry-unreachable"),
    /** A container file uses a codec Fountain does not read. */
    UNSUPPORTED_CODEC("unsupported-codec"),
    /** A container file's block is damaged. */
    CORRUPT_BLOCK("corrupt-block"),
    /** A record does not match its schema. */
    CORRUPT_RECORD("corrupt-record"),
    /** The record lacks a field the stream's profile needs. */
    PROFILE_MISMATCH("profile-mismatch"),
    /** No configured stream reads the topic. */
    UNKNOWN_STREAM("unknown-stream"),
    /** The decoder failed unexpectedly (a bug, counted rather than stopping ingest). */
    DECODER_FAILURE("decoder-failure");

    private final String code;

    UndecodableReason(String code) {
        this.code = code;
    }

    /** The wire code, as in headers and metrics. */
    public String code() {
        return code;
    }
}
