package org.fountain.filters;

/** A public filter as the gallery shows it to one user. */
public record PublicFilter(Filter filter, long followers, boolean followedByViewer) {}
