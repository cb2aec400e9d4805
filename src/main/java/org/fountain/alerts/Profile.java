package org.fountain.alerts;

import java.util.Locale;

/**
 * Which survey's layout a stream's alerts have, and so where {@link FieldMapping} finds the concepts every alert has;
 * configured in lower case ({@code profile: lsst}).
 */
public enum Profile {
    /** ZTF alert packets and the mock stream. */
    ZTF,
    /** Rubin (LSST) alert packets. */
    LSST,
    /** ELAsTiCC's simulated Rubin alerts. */
    ELASTICC,
    /** Fields named by the stream's own mapping. */
    CUSTOM;

    /** As configured and shown. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
