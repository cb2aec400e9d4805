/** The filter pages: list, editor, gallery, follows. */
@NullMarked
package org.fountain.filters.web;

import org.jspecify.annotations.NullMarked;
