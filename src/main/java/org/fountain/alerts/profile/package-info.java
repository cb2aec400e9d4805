/** Stream profiles: where each stream keeps the common concepts (id, object, time, place, brightness). */
@NullMarked
package org.fountain.alerts.profile;

import org.jspecify.annotations.NullMarked;
