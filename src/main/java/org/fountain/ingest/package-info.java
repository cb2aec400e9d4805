/**
 * Ingest: the survey-topic listener, dead letters, ingest metrics and the per-batch Kafka transaction.
 */
@ApplicationModule(allowedDependencies = {"alerts", "delivery", "filters", "matching"})
package org.fountain.ingest;

import org.springframework.modulith.ApplicationModule;
