/** The archive over HTTP: match history, alert and object pages, cutouts, the SSE feed. */
@NullMarked
package org.fountain.archive.web;

import org.jspecify.annotations.NullMarked;
