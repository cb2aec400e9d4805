package org.fountain.filters;

import java.time.Instant;

/** A saved filter subscription: a CEL expression over one stream's alerts, owned by one user. */
public record Filter(
        long id,
        String owner,
        String name,
        String expression,
        String stream,
        Visibility visibility,
        boolean active,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isPublic() {
        return visibility == Visibility.PUBLIC;
    }
}
