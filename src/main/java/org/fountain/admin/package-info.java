/**
 * The operator's pages: the Kafka cluster and its topics, Fountain's consumer groups with their lag in messages and in
 * seconds and a status by Burrow's rules, the dead letters, any survey message decoded, the users and their filters,
 * and an audit of every action taken here. Reads the broker with Kafka's own {@code Admin} client and plain consumers
 * on a schedule, never while a page renders; reads other modules only through their public APIs.
 */
@ApplicationModule(allowedDependencies = {"accounts", "alerts", "delivery", "filters", "ingest"})
@NullMarked
package org.fountain.admin;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
