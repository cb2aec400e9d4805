/**
 * Filters: the language and its types, storage and versions, sharing, rewind and replay, pages and REST API.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"accounts", "alerts", "context"})
package org.fountain.filters;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
