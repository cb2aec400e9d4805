/**
 * Context: what is known about an alert beyond its packet (catalogue cross-matches, watchlists, sky areas, light-curve
 * features, annotations), computed per alert by {@link org.fountain.context.ContextSource}s and read by filters as
 * fields beside the packet's own ({@link org.fountain.context.AlertContexts}). It uses only the alert model.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {"alerts"})
package org.fountain.context;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
