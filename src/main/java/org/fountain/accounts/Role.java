package org.fountain.accounts;

/** What a user may do: USER owns filters and dashboards; ADMIN also runs the operator pages. */
public enum Role {
    USER,
    ADMIN
}
