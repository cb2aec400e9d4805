/**
 * Filters: the language and its types, storage and versions, sharing, rewind and replay, pages and REST API.
 */
@ApplicationModule(allowedDependencies = {"accounts", "alerts"})
package org.fountain.filters;

import org.springframework.modulith.ApplicationModule;
