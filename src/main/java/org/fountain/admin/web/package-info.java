/** The operator pages: cluster, topics, groups, dead letters, peek, users, filters, audit. */
@NullMarked
package org.fountain.admin.web;

import org.jspecify.annotations.NullMarked;
