package org.fountain.filters;

import java.util.List;
import java.util.Map;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.filters.storage.StoredFilters;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** The filters facade: what users may do with their filters. Every method checks ownership. */
@Service
public class Filters {

    private final StoredFilters stored;
    private final FilterIndex index;
    private final ApplicationEventPublisher events;
    private final FiltersProperties properties;
    private final FilterLanguage language = new FilterLanguage();

    Filters(StoredFilters stored, FilterIndex index, ApplicationEventPublisher events, FiltersProperties properties) {
        this.stored = stored;
        this.index = index;
        this.events = events;
        this.properties = properties;
    }

    public List<Filter> ownedBy(String owner) {
        return stored.ownedBy(owner);
    }

    /** The filter, if {@code owner} owns it. */
    public Filter find(long id, String owner) {
        return stored.find(id)
                .filter(f -> f.owner().equals(owner))
                .orElseThrow(() -> FilterNotFoundException.forId(id));
    }

    /** Checks an expression without saving it. */
    public void validate(String expression) {
        language.compile(expression);
    }

    public Filter create(String owner, FilterDraft draft) {
        validate(draft.expression());
        if (stored.countOwnedBy(owner) >= properties.maxPerUser()) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(
                    0, 0, "you already have " + properties.maxPerUser() + " filters, the most one user may keep")));
        }
        Filter filter = stored.insert(owner, draft);
        events.publishEvent(new FilterChanged(filter.id()));
        return filter;
    }

    public Filter update(long id, String owner, FilterDraft draft) {
        validate(draft.expression());
        Filter filter = stored.update(id, owner, draft).orElseThrow(() -> FilterNotFoundException.forId(id));
        events.publishEvent(new FilterChanged(filter.id()));
        return filter;
    }

    public void delete(long id, String owner) {
        if (!stored.delete(id, owner)) {
            throw FilterNotFoundException.forId(id);
        }
        events.publishEvent(new FilterChanged(id));
    }

    /** Live evaluation figures for each of the owner's filters, by filter id. */
    public Map<Long, FilterHealth> healthOf(List<Filter> filters) {
        return index.healthOf(filters.stream().map(Filter::id).toList());
    }
}
