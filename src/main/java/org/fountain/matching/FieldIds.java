package org.fountain.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense numbers for the fields a stream's filters compare, so that an alert's field values sit in an array. Numbers
 * are never reused: a field keeps its number for the life of the instance.
 */
final class FieldIds {

    private final Map<FieldRef, Integer> ids = new HashMap<>();
    private final List<FieldRef> refs = new ArrayList<>();

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
}
