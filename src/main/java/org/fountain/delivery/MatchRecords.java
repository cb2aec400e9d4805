package org.fountain.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fountain.alerts.AlertSummary;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Match records, the JSON of an {@link AlertMatches} on the matches topic: written by the matcher, each filter's part
 * made once per filter version and copied thereafter; read by every consumer of the topic (live relay, archive,
 * notifications) token by token. An alert that matches hundreds of filters (100,000 live) cost more to write out and
 * to read back through Jackson's data binding, which buffers an unwrapped record's tokens to replay them, than to
 * match.
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
            List<AlertMatches.Filter> filters = List.of();
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

    @SuppressWarnings("NullAway") // a filter without a name or owner is read as Jackson read it; the relay refuses it
    private static List<AlertMatches.Filter> filters(JsonParser parser, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (value != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("a match record's filters are an array");
        }
        List<AlertMatches.Filter> filters = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            if (token != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a match record's filter is an object");
            }
            long id = 0;
            boolean hasId = false;
            String filterName = null;
            String owner = null;
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken v = parser.nextToken();
                switch (field) {
                    case "id" -> {
                        id = whole(parser, v);
                        hasId = true;
                    }
                    case "name" -> filterName = text(parser, v);
                    case "owner" -> owner = text(parser, v);
                    default -> parser.skipChildren();
                }
            }
            if (!hasId) {
                throw new IllegalArgumentException("a match record's filter needs its id");
            }
            filters.add(new AlertMatches.Filter(id, filterName, owner));
        }
        return filters;
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

    /** Each filter's part of a match record as JSON, made once per filter version (at most this many kept). */
    private final java.util.Map<Long, FilterJson> filterJson = new java.util.concurrent.ConcurrentHashMap<>();

    static final int MAX_FILTERS_KEPT = 250_000;

    private record FilterJson(String name, String owner, byte[] bytes) {}

    /**
     * A match record's JSON, as Jackson writes an {@link AlertMatches}, but with each filter's part made once and
     * copied thereafter: an alert that matches hundreds of filters (100,000 live) cost the matcher more to write out
     * field by field than to match.
     */
    public byte[] encode(AlertMatches matches) {
        byte[] alert = json.writeValueAsBytes(matches.alert()); // {"stream":…,"offset":…}
        byte[][] filters = new byte[matches.filters().size()][];
        int size = alert.length + 64;
        for (int i = 0; i < filters.length; i++) {
            filters[i] = filterJson(matches.filters().get(i));
            size += filters[i].length + 1;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
        out.write(alert, 0, alert.length - 1);
        out.writeBytes(((alert.length > 2 ? "," : "") + "\"matchedAt\":" + matches.matchedAt() + ",\"filters\":[")
                .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < filters.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(filters[i]);
        }
        out.writeBytes(("],\"replay\":" + matches.replay() + "}").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private byte[] filterJson(AlertMatches.Filter filter) {
        FilterJson known = filterJson.get(filter.id());
        if (known != null && known.name().equals(filter.name()) && known.owner().equals(filter.owner())) {
            return known.bytes();
        }
        byte[] bytes = json.writeValueAsBytes(filter);
        if (filterJson.size() >= MAX_FILTERS_KEPT) {
            filterJson.clear();
        }
        filterJson.put(filter.id(), new FilterJson(filter.name(), filter.owner(), bytes));
        return bytes;
    }
}
