/** The notification pages and API of a filter. */
@NullMarked
package org.fountain.notifications.web;

import org.jspecify.annotations.NullMarked;
