package org.fountain.filters;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fountain.filters.storage.StoredFilters;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The filters that should be running, as the matcher reads them: every active filter whoever owns it, a cheap mark
 * that changes whenever any filter or follow changes, and pausing a filter that misbehaves.
 */
@Component
public class ActiveFilters {

    private final StoredFilters stored;
    private final ApplicationEventPublisher events;

    ActiveFilters(StoredFilters stored, ApplicationEventPublisher events) {
        this.stored = stored;
        this.events = events;
    }

    /** When each active filter was last changed, by id. */
    public Map<Long, Instant> versions() {
        return stored.activeVersions();
    }

    /** Every filter changed after the given time, active or not (a paused filter is inactive). */
    public List<Filter> changedSince(Instant since) {
        return stored.changedSince(since);
    }

    /** How many filters are active. */
    public long activeCount() {
        return stored.activeCount();
    }

    /** The active filters among those named. */
    public List<Filter> among(Collection<Long> ids) {
        return stored.activeAmong(ids);
    }

    /** The filter if it exists and is active. */
    public Optional<Filter> find(long id) {
        return stored.find(id).filter(Filter::active);
    }

    /** A value that changes whenever any filter is created, changed or deleted, or followed or unfollowed. */
    public String changeMark() {
        return stored.changeMark();
    }

    /** Switches a filter's Kafka output off, keeping the reason for its owner, and tells every instance. */
    public void stopKafkaOutput(long id, String reason) {
        stored.stopKafkaOutput(id, reason);
        events.publishEvent(new FilterChanged(id));
    }

    /** Pauses a filter, keeping the reason for its owner, and tells every instance. */
    public void pause(long id, String reason) {
        stored.pause(id, reason);
        events.publishEvent(new FilterChanged(id));
    }
}
