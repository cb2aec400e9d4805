package org.fountain.filters;

import java.time.Instant;

/** A saved filter subscription: a CEL expression owned by one user. */
public record Filter(
        long id, String owner, String name, String expression, boolean active, Instant createdAt, Instant updatedAt) {}
