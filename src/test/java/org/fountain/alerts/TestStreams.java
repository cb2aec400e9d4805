package org.fountain.alerts;

import java.util.List;

/** Stream definitions for tests. */
public final class TestStreams {

    public static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    private TestStreams() {}

    public static StreamDefinition ztf() {
        return new StreamDefinition("ztf", "ztf_.*", WireFormat.AUTO, Profile.ZTF, null, null, null, null);
    }

    public static StreamDefinition lsst(String schemaDirectory, String registryUrl) {
        return new StreamDefinition(
                "lsst", "lsst-alerts-v.*", WireFormat.AUTO, Profile.LSST, null, registryUrl, schemaDirectory, null);
    }

    public static AlertDecoder decoder(StreamDefinition... streams) {
        return new AlertDecoder(new StreamsProperties(List.of(streams), MAX_MESSAGE_BYTES));
    }
}
