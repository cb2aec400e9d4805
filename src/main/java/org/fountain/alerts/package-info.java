/**
 * The alert model: streams, wire formats, schemas, stream profiles and the astronomy in {@code Sky}; it uses no other
 * module.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package org.fountain.alerts;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
