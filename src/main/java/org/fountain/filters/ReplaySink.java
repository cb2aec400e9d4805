package org.fountain.filters;

import java.util.List;
import org.fountain.alerts.AlertSummary;

/**
 * Where the matches of a replayed filter go: into its feed, as if they had just arrived. Implemented by delivery.
 */
public interface ReplaySink {

    /** Publishes one batch of a saved filter's replayed matches. */
    void publish(Filter filter, List<AlertSummary> matches);
}
