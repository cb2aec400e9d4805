/** Filters in PostgreSQL. */
@NullMarked
package org.fountain.filters.storage;

import org.jspecify.annotations.NullMarked;
