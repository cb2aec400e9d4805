/** Rewinds and replays: a filter run over the retained alerts of a window. */
@NullMarked
package org.fountain.filters.rewind;

import org.jspecify.annotations.NullMarked;
