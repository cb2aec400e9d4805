package org.fountain.filters.language;

/**
 * A field a filter can use.
 *
 * @param path where it is, e.g. {@code candidate.magpsf} or {@code prv_candidates[].magpsf}
 * @param name its name
 * @param type its CEL type, e.g. {@code double or null}
 * @param doc the schema's documentation of it
 */
public record FieldDescription(String path, String name, String type, String doc) {}
