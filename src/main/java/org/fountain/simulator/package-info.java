/**
 * The mock stream: a sky of objects, realistic packets with cutouts, cadences, replay of real alerts and the standalone
 * testbed.
 */
@ApplicationModule(allowedDependencies = {"alerts"})
package org.fountain.simulator;

import org.springframework.modulith.ApplicationModule;
