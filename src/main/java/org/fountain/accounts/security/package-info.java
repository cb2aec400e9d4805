/** Who may do what: sign-in, sessions, API tokens, CSRF and the rules per path. */
@NullMarked
package org.fountain.accounts.security;

import org.jspecify.annotations.NullMarked;
