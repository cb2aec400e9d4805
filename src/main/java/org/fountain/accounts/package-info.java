/**
 * Users, sign-in and registration, security and throttling; it uses no other module.
 */
@ApplicationModule(allowedDependencies = {})
package org.fountain.accounts;

import org.springframework.modulith.ApplicationModule;
