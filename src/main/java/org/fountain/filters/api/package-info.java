/** The filters REST API. */
@NullMarked
package org.fountain.filters.api;

import org.jspecify.annotations.NullMarked;
