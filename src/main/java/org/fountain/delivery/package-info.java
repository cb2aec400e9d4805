/**
 * Delivery: the matches topic, filter output topics and live push to dashboards over STOMP.
 */
@ApplicationModule(allowedDependencies = {"filters", "matching"})
package org.fountain.delivery;

import org.springframework.modulith.ApplicationModule;
