/**
 * Ingest: the survey-topic listener, dead letters, ingest metrics and the per-batch Kafka transaction.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"alerts", "context", "delivery", "filters", "matching"})
package org.fountain.ingest;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
