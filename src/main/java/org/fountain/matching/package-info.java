/**
 * The matcher: every live filter, compiled and indexed by its most selective indexable conjunct, matched against each
 * alert that ingest hands it; per-filter counters and pausing of filters that keep failing.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"alerts", "filters", "filters :: language"})
package org.fountain.matching;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
