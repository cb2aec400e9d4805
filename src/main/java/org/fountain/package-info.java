/** The application: its entry point, start-up log and the few beans shared by every module. */
@NullMarked
package org.fountain;

import org.jspecify.annotations.NullMarked;
