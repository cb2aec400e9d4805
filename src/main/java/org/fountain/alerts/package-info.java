/**
 * The alert model: streams, wire formats, schemas, stream profiles and the astronomy in {@code Sky}; it uses no other
 * module.
 */
@ApplicationModule(allowedDependencies = {})
package org.fountain.alerts;

import org.springframework.modulith.ApplicationModule;
