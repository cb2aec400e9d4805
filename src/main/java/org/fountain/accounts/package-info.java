/**
 * Users, sign-in and registration, security and throttling; it uses no other module.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package org.fountain.accounts;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
