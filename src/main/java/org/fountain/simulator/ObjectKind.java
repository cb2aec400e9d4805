package org.fountain.simulator;

/** What a mock object is, which decides its light curve, its place on the sky and its detections' quality. */
public enum ObjectKind {
    /** Rises over about two weeks, then declines a few hundredths of a magnitude a day; in galaxies, off the plane. */
    SUPERNOVA,
    /** A periodic variable star, concentrated toward the galactic plane. */
    VARIABLE_STAR,
    /** A flaring active galactic nucleus: slow wander plus occasional flares, at a galaxy's centre. */
    AGN,
    /** A moving solar-system object near the ecliptic, with ssdistnr and ssnamenr set. */
    ASTEROID,
    /** An artefact: low real-bogus score, bad pixels, odd shape. */
    BOGUS
}
