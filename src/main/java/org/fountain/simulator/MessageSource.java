package org.fountain.simulator;

/** Where the mock stream's messages come from: the synthetic sky, or a folder of real alerts replayed. */
interface MessageSource {

    /** The next message, for an alert observed at Julian Date {@code jd}. */
    MockMessage next(double jd);

    /** A short description for logs and the admin page. */
    String describe();
}
