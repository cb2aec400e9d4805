package org.fountain.filters;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fountain.filters.language.FieldDescription;
import org.fountain.filters.language.FilterLanguages;
import org.fountain.filters.storage.StoredFilters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The filters facade: what users may do with filters. Every method checks who is asking: a private filter exists
 * only for its owner.
 */
@Service
public class Filters {

    private final StoredFilters stored;
    private final ObjectProvider<FilterHealthSource> health;
    private final FilterLanguages languages;
    private final ApplicationEventPublisher events;
    private final FiltersProperties properties;
    private final FilterOutputs outputs;

    Filters(
            StoredFilters stored,
            ObjectProvider<FilterHealthSource> health,
            FilterLanguages languages,
            ApplicationEventPublisher events,
            FiltersProperties properties,
            FilterOutputs outputs) {
        this.outputs = outputs;
        this.stored = stored;
        this.health = health;
        this.languages = languages;
        this.events = events;
        this.properties = properties;
    }

    /** The streams a filter can read. */
    public List<String> streams() {
        return languages.streams();
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

    /** The filter, if {@code viewer} owns it or it is public. */
    public Filter findVisible(long id, String viewer) {
        return stored.find(id)
                .filter(f -> f.owner().equals(viewer) || f.isPublic())
                .orElseThrow(() -> FilterNotFoundException.forId(id));
    }

    /** Checks an expression for a stream without saving it. */
    public void validate(String stream, String expression) {
        languages.compile(stream, expression);
    }

    public Filter create(String owner, FilterDraft draft) {
        validate(draft.stream(), draft.expression());
        if (stored.countOwnedBy(owner) >= properties.maxPerUser()) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(
                    0, 0, "you already have " + properties.maxPerUser() + " filters, the most one user may keep")));
        }
        checkOutputs(owner, 0, draft);
        Filter filter = stored.insert(owner, draft);
        outputs.prepare(filter);
        events.publishEvent(new FilterChanged(filter.id()));
        return filter;
    }

    public Filter update(long id, String owner, FilterDraft draft) {
        validate(draft.stream(), draft.expression());
        boolean wrote = find(id, owner).kafkaOutput();
        checkOutputs(owner, id, draft);
        Filter filter = stored.update(id, owner, draft).orElseThrow(() -> FilterNotFoundException.forId(id));
        outputs.prepare(filter);
        if (wrote && !filter.kafkaOutput()) {
            outputs.retire(id);
        }
        events.publishEvent(new FilterChanged(filter.id()));
        return filter;
    }

    public void delete(long id, String owner) {
        boolean wrote = find(id, owner).kafkaOutput();
        if (!stored.delete(id, owner)) {
            throw FilterNotFoundException.forId(id);
        }
        if (wrote) {
            outputs.retire(id);
        }
        events.publishEvent(new FilterChanged(id));
    }

    private void checkOutputs(String owner, long id, FilterDraft draft) {
        if (draft.kafkaOutput() && stored.countOutputsOwnedBy(owner, id) >= properties.maxOutputsPerUser()) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(
                    0,
                    0,
                    "you already have " + properties.maxOutputsPerUser() + " filters writing to Kafka topics of their"
                            + " own, the most one user may: turn one off first")));
        }
    }

    /** Every saved version of an owned filter, newest first. */
    public List<FilterVersion> versions(long id, String owner) {
        find(id, owner);
        return stored.versions(id);
    }

    /** Saves an earlier version again, as the newest. */
    public Filter revert(long id, int version, String owner) {
        FilterVersion old = versions(id, owner).stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow(() -> FilterNotFoundException.forVersion(id, version));
        return update(id, owner, old.toDraft());
    }

    /** The fields filters of a stream can use, with type and documentation. */
    public List<FieldDescription> fields(String stream) {
        return languages.fields(stream);
    }

    /** Every public filter, most followed first, marked with whether {@code viewer} follows it. */
    public List<PublicFilter> publicFilters(String viewer) {
        return stored.publicFilters(viewer);
    }

    /** The public filters {@code username} follows. */
    public List<Filter> followedBy(String username) {
        return stored.followedBy(username);
    }

    /** The ids of the followed filters whose replays {@code username} takes too. */
    public Set<Long> replaysFollowedBy(String username) {
        return stored.replaysFollowedBy(username);
    }

    /** Starts sending a public filter's matches to {@code username} too (not its replays). */
    public void follow(long id, String username) {
        follow(id, username, false);
    }

    /**
     * Starts sending a public filter's matches to {@code username} too; with {@code withReplays}, also the matches its
     * owner replays from retained alerts (marked as replays), which followers do not receive otherwise.
     */
    public void follow(long id, String username, boolean withReplays) {
        Filter filter = findVisible(id, username);
        if (filter.owner().equals(username)) {
            return;
        }
        if (!stored.follows(username, id) && stored.countFollowedBy(username) >= properties.maxFollowsPerUser()) {
            throw InvalidFilterException.because(List.of(new ExpressionProblem(
                    0,
                    0,
                    "you follow " + properties.maxFollowsPerUser() + " filters, the most one user may: unfollow one"
                            + " first")));
        }
        if (stored.follow(username, id, withReplays)) {
            events.publishEvent(new FilterChanged(id));
        }
    }

    public void unfollow(long id, String username) {
        if (stored.unfollow(username, id)) {
            events.publishEvent(new FilterChanged(id));
        }
    }

    /** A private copy of a visible filter, owned by {@code username}. */
    public Filter copy(long id, String username) {
        Filter original = findVisible(id, username);
        String name = original.name().length() > 92 ? original.name().substring(0, 92) : original.name();
        return create(
                username,
                new FilterDraft(
                        name + " (copy)",
                        original.description(),
                        original.expression(),
                        original.stream(),
                        Visibility.PRIVATE,
                        true,
                        false));
    }

    /** Live evaluation figures for each of the filters, by filter id. */
    public Map<Long, FilterHealth> healthOf(List<Filter> filters) {
        List<Long> ids = filters.stream().map(Filter::id).toList();
        FilterHealthSource source = health.getIfAvailable();
        if (source == null) {
            Map<Long, FilterHealth> none = new HashMap<>();
            ids.forEach(id -> none.put(id, FilterHealth.NONE));
            return none;
        }
        return source.healthOf(ids);
    }
}
