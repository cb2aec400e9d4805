package org.fountain.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.fountain.alerts.AlertSummary;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Match records, the JSON of an {@link AlertMatches} on the matches topic: the alert's summary (its fields at the top
 * level), {@code matchedAt}, {@code filters} (the ids) and {@code replay}. Written by the matcher, read by every
 * consumer of the topic token by token: an alert that matches hundreds of filters (100,000 live) cost more to write
 * out and read back through Jackson's data binding than to match.
 */
@Component
public class MatchRecords {

    private final JsonMapper json;

    MatchRecords(JsonMapper json) {
        this.json = json;
    }

    /**
     * The record's matches, as Jackson would read them (fields in any order, unknown ones skipped, a missing string
     * null; a missing number or flag refused, as Jackson refuses a missing primitive); a record that is not such JSON
     * is refused with a runtime exception naming what is wrong.
     */
    @SuppressWarnings("NullAway") // a record may lack fields, as Jackson's binding allowed: consumers check theirs
    public AlertMatches read(byte[] record) {
        try (JsonParser parser = json.createParser(record)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a match record is a JSON object");
            }
            String stream = null;
            long alertId = 0;
            String objectId = null;
            double mjd = 0;
            double ra = 0;
            double dec = 0;
            Double magnitude = null;
            String band = null;
            String topic = null;
            int partition = 0;
            long offset = 0;
            long matchedAt = 0;
            boolean replay = false;
            long[] filters = new long[0];
            String name;
            int seen = 0; // the numbers and flags, which must be there (as Jackson's binding requires of primitives)
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "stream" -> stream = text(parser, value);
                    case "alertId" -> {
                        alertId = value == JsonToken.VALUE_STRING
                                ? Long.parseLong(parser.getString())
                                : whole(parser, value);
                        seen |= 1;
                    }
                    case "objectId" -> objectId = text(parser, value);
                    case "mjd" -> {
                        mjd = number(parser, value);
                        seen |= 2;
                    }
                    case "ra" -> {
                        ra = number(parser, value);
                        seen |= 4;
                    }
                    case "dec" -> {
                        dec = number(parser, value);
                        seen |= 8;
                    }
                    case "magnitude" -> magnitude = value == JsonToken.VALUE_NULL ? null : number(parser, value);
                    case "band" -> band = text(parser, value);
                    case "topic" -> topic = text(parser, value);
                    case "partition" -> {
                        partition = Math.toIntExact(whole(parser, value));
                        seen |= 16;
                    }
                    case "offset" -> {
                        offset = whole(parser, value);
                        seen |= 32;
                    }
                    case "matchedAt" -> {
                        matchedAt = whole(parser, value);
                        seen |= 64;
                    }
                    case "replay" -> {
                        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                            throw new IllegalArgumentException("a match record's replay is true or false");
                        }
                        replay = value == JsonToken.VALUE_TRUE;
                        seen |= 128;
                    }
                    case "filters" -> filters = filters(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (seen != 255) {
                throw new IllegalArgumentException(
                        "a match record needs alertId, mjd, ra, dec, partition, offset," + " matchedAt and replay");
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("a match record is one JSON object");
            }
            return new AlertMatches(
                    new AlertSummary(
                            stream, alertId, objectId, mjd, ra, dec, magnitude, band, topic, partition, offset),
                    matchedAt,
                    filters,
                    replay);
        }
    }

    /**
     * The filters' ids: numbers, or (as records written before ids alone) objects with an {@code id} among other
     * fields.
     */
    private static long[] filters(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return new long[0];
        }
        if (value != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("a match record's filters are an array");
        }
        long[] ids = new long[16];
        int n = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            long id;
            if (token == JsonToken.VALUE_NULL) {
                continue;
            } else if (token == JsonToken.VALUE_NUMBER_INT) {
                id = parser.getLongValue();
            } else if (token == JsonToken.START_OBJECT) {
                Long found = null;
                String field;
                while ((field = parser.nextName()) != null) {
                    JsonToken v = parser.nextToken();
                    if (field.equals("id")) {
                        found = whole(parser, v);
                    } else {
                        parser.skipChildren();
                    }
                }
                if (found == null) {
                    throw new IllegalArgumentException("a match record's filter needs its id");
                }
                id = found;
            } else {
                throw new IllegalArgumentException("a match record's filter is an id");
            }
            if (n == AlertMatches.MAX_FILTERS_PER_RECORD) {
                throw new IllegalArgumentException(
                        "a match record names at most " + AlertMatches.MAX_FILTERS_PER_RECORD + " filters");
            }
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
            }
            ids[n++] = id;
        }
        return Arrays.copyOf(ids, n);
    }

    private static @Nullable String text(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("expected a string at " + parser.currentName());
        }
        return parser.getString();
    }

    /** A number; null and other tokens refused. */
    private static double number(JsonParser parser, JsonToken value) {
        if (value != JsonToken.VALUE_NUMBER_FLOAT && value != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("expected a number at " + parser.currentName());
        }
        return parser.getDoubleValue();
    }

    /** A whole number, exactly (ids beyond 2^53 too); null and other tokens refused. */
    private static long whole(JsonParser parser, JsonToken value) {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("expected a whole number at " + parser.currentName());
        }
        return parser.getLongValue();
    }

    /** A match record's JSON: the alert's summary, when it was matched, the filters' ids and whether a replay. */
    public byte[] encode(AlertMatches matches) {
        byte[] alert = json.writeValueAsBytes(matches.alert()); // {"stream":…,"offset":…}
        long[] filters = matches.filters();
        StringBuilder tail = new StringBuilder(48 + filters.length * 8);
        tail.append(alert.length > 2 ? "," : "").append("\"matchedAt\":").append(matches.matchedAt());
        tail.append(",\"filters\":[");
        for (int i = 0; i < filters.length; i++) {
            if (i > 0) {
                tail.append(',');
            }
            tail.append(filters[i]);
        }
        tail.append("],\"replay\":").append(matches.replay()).append('}');
        byte[] rest = tail.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] record = Arrays.copyOf(alert, alert.length - 1 + rest.length);
        System.arraycopy(rest, 0, record, alert.length - 1, rest.length);
        return record;
    }
}
