package org.fountain.accounts;

/** Someone created an account. */
public record UserRegistered(String username) {}
