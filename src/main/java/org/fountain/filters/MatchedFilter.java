package org.fountain.filters;

/** A filter that an alert satisfied. */
public record MatchedFilter(long id, String name, String owner) {}
