package org.fountain.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a stream's filters have in common: dense numbers for the fields they compare, so that an alert's field values
 * sit in an array (never reused: a field keeps its number for the life of the instance), and one {@link
 * Predicate.Shared} instance for each distinct conjunct that no index serves, so that it is decided once per alert.
 */
final class FieldIds {

    private final Map<FieldRef, Integer> ids = new HashMap<>();
    private final List<FieldRef> refs = new ArrayList<>();
    private final Map<Predicate, Predicate.Shared> shared = new HashMap<>();

    synchronized int idOf(FieldRef ref) {
        Integer id = ids.get(ref);
        if (id == null) {
            id = refs.size();
            ids.put(ref, id);
            refs.add(ref);
        }
        return id;
    }

    synchronized FieldRef[] all() {
        return refs.toArray(FieldRef[]::new);
    }

    /** The stream's one instance of a conjunct equal to {@code predicate}. */
    synchronized Predicate.Shared shared(Predicate predicate) {
        return shared.computeIfAbsent(predicate, Predicate.Shared::new);
    }

    /** Forgets the shared conjuncts no filter among {@code used} has any more. */
    synchronized void keepShared(Set<Predicate> used) {
        shared.values().retainAll(used);
    }
}
