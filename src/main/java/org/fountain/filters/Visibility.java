package org.fountain.filters;

/** Who may see a filter: its owner only, or everyone (who may then follow or copy it). */
public enum Visibility {
    PRIVATE,
    PUBLIC
}
