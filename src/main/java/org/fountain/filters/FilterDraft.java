package org.fountain.filters;

/** What a user submits to create or change a filter. */
public record FilterDraft(String name, String expression, boolean active) {}
