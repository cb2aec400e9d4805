package org.fountain.filters;

import java.util.List;
import java.util.Map;

/**
 * Where the filter pages learn what each filter has seen, matched and failed on. The matcher implements it; filters
 * defines it so that it need not know the matcher.
 */
public interface FilterHealthSource {

    /** The health of each filter named, {@link FilterHealth#NONE} for a filter not running on this instance. */
    Map<Long, FilterHealth> healthOf(List<Long> filterIds);
}
