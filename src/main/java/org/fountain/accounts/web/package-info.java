/** Registration, sign-in and the account pages. */
@NullMarked
package org.fountain.accounts.web;

import org.jspecify.annotations.NullMarked;
