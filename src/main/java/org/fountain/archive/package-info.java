/**
 * The match archive: every match kept in PostgreSQL (a narrow row per filter and alert; each alert's summary and bytes
 * once), written by a consumer group of its own on the matches topic, partitioned by day and dropped by age and size;
 * history for the dashboard and the API.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"accounts", "alerts", "delivery", "filters"})
package org.fountain.archive;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
