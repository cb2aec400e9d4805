/** The dashboard page. */
@NullMarked
package org.fountain.delivery.web;

import org.jspecify.annotations.NullMarked;
