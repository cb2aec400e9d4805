package org.fountain.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A population of objects on the sky, each with a base brightness and a remembered light curve, from which the next
 * detection is drawn. Deterministic for a given seed and sequence of times.
 */
final class MockPopulation {

    private static final int HISTORY_POINTS = 12;
    private static final double DAY = 1.0;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private final SplittableRandom random;
    private final List<MockObject> objects;
    private long nextCandid;

    private static final class MockObject {
        final String objectId;
        final double ra;
        final double dec;
        final double baseMag;
        final boolean asteroid;
        final Deque<MockAlert.PastPoint> history = new ArrayDeque<>();

        MockObject(String objectId, double ra, double dec, double baseMag, boolean asteroid) {
            this.objectId = objectId;
            this.ra = ra;
            this.dec = dec;
            this.baseMag = baseMag;
            this.asteroid = asteroid;
        }
    }

    MockPopulation(int size, long seed) {
        this.random = new SplittableRandom(seed);
        this.objects = new ArrayList<>(size);
        this.nextCandid = 3_000_000_000_000_000_000L + Math.floorMod(seed, 1_000_000L) * 1_000_000_000L;
        for (int i = 0; i < size; i++) {
            objects.add(newObject());
        }
    }

    /** The next detection, at Julian Date {@code jd}. */
    MockAlert next(double jd) {
        MockObject object = objects.get(random.nextInt(objects.size()));
        int fid = random.nextInt(2) + 1;
        double mag = object.baseMag + random.nextDouble(-0.6, 0.6);
        double limit = 20.3 + random.nextDouble(0, 0.8);
        boolean bogus = random.nextDouble() < 0.1;
        long candid = nextCandid++;
        while (!object.history.isEmpty() && object.history.peekFirst().jd() < jd - 30 * DAY) {
            object.history.removeFirst();
        }
        MockAlert alert = new MockAlert(
                object.objectId,
                candid,
                jd,
                fid,
                object.ra,
                object.dec,
                mag,
                0.02 + 0.1 * Math.max(0, mag - 17) / 4,
                limit,
                bogus ? random.nextDouble(0.05, 0.4) : random.nextDouble(0.65, 1.0),
                bogus ? random.nextDouble(0.0, 0.5) : random.nextDouble(0.9, 1.0),
                random.nextDouble() < 0.85 ? "t" : "f",
                object.asteroid ? random.nextDouble(0.5, 5.0) : -999,
                object.asteroid ? "2026 " + object.objectId.substring(5, 7).toUpperCase() : null,
                random.nextDouble(),
                random.nextDouble(0.3, 25.0),
                List.copyOf(object.history));
        if (random.nextDouble() < 0.15) {
            object.history.addLast(new MockAlert.PastPoint(jd - 0.01, fid, null, limit - 0.3, null, null));
        }
        object.history.addLast(new MockAlert.PastPoint(jd, fid, candid, limit, mag, alert.sigmapsf()));
        while (object.history.size() > HISTORY_POINTS) {
            object.history.removeFirst();
        }
        return alert;
    }

    private MockObject newObject() {
        double ra = random.nextDouble(0, 360);
        double dec = Math.toDegrees(Math.asin(random.nextDouble(-1, 1)));
        StringBuilder name = new StringBuilder("ZTF26");
        for (int i = 0; i < 7; i++) {
            name.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return new MockObject(name.toString(), ra, dec, random.nextDouble(15.5, 20.5), random.nextDouble() < 0.1);
    }
}
