package org.fountain.archive;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A place in a user's match history: matches are ordered by the time they were made, then by alert and filter, so
 * that the order is total and a cursor names one gap exactly.
 */
record HistoryCursor(long matchedAt, long alertId, long filterId) {

    String encode() {
        String plain = matchedAt + ":" + alertId + ":" + filterId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor, or an {@link IllegalArgumentException} saying it is not one. */
    static HistoryCursor decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a history cursor: " + text);
            }
            return new HistoryCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a history cursor: " + text, e);
        }
    }
}
