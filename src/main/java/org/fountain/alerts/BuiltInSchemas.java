package org.fountain.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The schemas that ship in the jar, owned here: the ZTF-shaped mock alert (the {@code ztf} profile's default typing
 * schema) and the Rubin-shaped mock schema directory (id 9001, {@code 90/1/alert.avsc}: the {@code lsst} profile's
 * default). The mock stream writes its packets with them.
 */
public final class BuiltInSchemas {

    /** The ZTF-shaped mock alert's schema. */
    public static final String ZTF_MOCK = "classpath:alerts/fountain_mock_alert.avsc";

    /** A schema directory in the layout of Rubin's ({@code <major><minor>/<n>/alert.avsc}) holding the mock schema. */
    public static final String LSST_DIRECTORY = "classpath:alerts/lsst-schema";

    /** The Rubin-shaped mock schema itself. */
    public static final String LSST_MOCK = LSST_DIRECTORY + "/90/1/alert.avsc";

    private BuiltInSchemas() {}

    /** Opens one of the built-in schemas ({@code classpath:…}). */
    public static InputStream open(String location) {
        String path = location.substring("classpath:".length());
        InputStream in = BuiltInSchemas.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new UncheckedIOException(new IOException(path + " is missing from the classpath"));
        }
        return in;
    }
}
