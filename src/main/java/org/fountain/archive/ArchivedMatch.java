package org.fountain.archive;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.fountain.delivery.MatchSummary;

/**
 * A match as the archive keeps it: the match as it went live (its fields, flattened in JSON), and the cursor that
 * pages after or before it.
 *
 * @param cursor where it stands in a user's history (opaque; pass it as {@code after} or {@code before})
 */
public record ArchivedMatch(@JsonUnwrapped MatchSummary match, String cursor) {}
