package org.fountain.delivery;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes match records (an {@link AlertMatches} as JSON) for the matches topic, each filter's part made once per filter
 * version and copied thereafter.
 */
final class MatchRecords {

    private final JsonMapper json;

    MatchRecords(JsonMapper json) {
        this.json = json;
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
    byte[] encode(AlertMatches matches) {
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
