/**
 * The mock stream: a sky of objects, realistic packets with cutouts, cadences, replay of real alerts and the standalone
 * testbed.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"alerts"})
package org.fountain.simulator;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
