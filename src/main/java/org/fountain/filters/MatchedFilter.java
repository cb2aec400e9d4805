package org.fountain.filters;

import java.util.List;

/**
 * A filter that an alert satisfied, and who receives its matches: the owner, and the followers while it is public.
 */
public record MatchedFilter(long id, String name, String owner, List<String> recipients) {}
