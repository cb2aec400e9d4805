package org.fountain.simulator;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Alerts of the mock sky, written as ZTF container files and/or Rubin frames. */
final class SyntheticSource implements MessageSource {

    private final MockPopulation population;
    private final SimulatorProperties properties;
    private final boolean ztf;
    private final boolean lsst;
    private final SplittableRandom random;

    SyntheticSource(SimulatorProperties properties) {
        this.properties = properties;
        this.population = new MockPopulation(properties.objects(), properties.seed(), properties.mixOrDefault());
        this.ztf = properties.surveys().contains("ztf");
        this.lsst = properties.surveys().contains("lsst");
        if (!ztf && !lsst) {
            throw new IllegalArgumentException("fountain.simulator.surveys must name ztf, lsst or both");
        }
        this.random = new SplittableRandom(properties.seed() ^ 0x5DEECE66DL);
    }

    @Override
    public MockMessage next(double jd) {
        MockAlert alert = population.next(jd);
        byte[] key = alert.objectId().getBytes(StandardCharsets.UTF_8);
        boolean asRubin = lsst && (!ztf || random.nextDouble() < properties.lsstShare());
        if (asRubin) {
            return new MockMessage(properties.lsstTopic(), key, RubinPackets.framed(alert, properties.cutouts()));
        }
        byte[] value =
                properties.cutouts() ? MockAlerts.containerFileWithCutouts(alert) : MockAlerts.containerFile(alert);
        return new MockMessage(Topics.ztf(properties.topicPrefix(), jd), key, value);
    }

    @Override
    public String describe() {
        return "synthetic sky of " + properties.objects() + " objects (" + String.join(" + ", properties.surveys())
                + ", seed " + properties.seed() + ")";
    }
}
