package org.fountain.filters;

/** A filter was created, changed or deleted; every instance's index must be rebuilt. */
public record FilterChanged(long filterId) {}
