/**
 * Delivery: the matches topic, filter output topics and live push to dashboards over STOMP.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"accounts", "alerts", "filters"})
package org.fountain.delivery;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
