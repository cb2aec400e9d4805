package org.fountain.simulator;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fountain.alerts.Sky;
import org.jspecify.annotations.Nullable;

/**
 * The mock sky: supernovae, variable stars, AGN, asteroids and artefacts, placed with more sources toward the galactic
 * plane, each with a light curve. Every detection carries its object's last 30 days, detections and upper limits,
 * consistent with the object's earlier alerts (which also seed the first month). Deterministic for a seed and a
 * sequence of times.
 */
final class MockPopulation {

    static final double HISTORY_DAYS = 30;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final double LIMIT_MIN = 19.8;
    private static final double LIMIT_MAX = 21.0;
    private static final int MAX_HISTORY = 60;

    private final SplittableRandom random;
    private final Map<ObjectKind, Double> mix;
    private final Map<ObjectKind, List<SkyObject>> pools = new EnumMap<>(ObjectKind.class);
    private final int poolSize;
    private long nextCandid;

    MockPopulation(int objects, long seed, Map<ObjectKind, Double> mix) {
        this.random = new SplittableRandom(seed);
        this.mix = normalise(mix);
        this.poolSize = Math.max(1, objects);
        this.nextCandid = 3_000_000_000_000_000_000L + Math.floorMod(seed, 1_000_000L) * 1_000_000_000L;
    }

    static Map<ObjectKind, Double> defaultMix() {
        Map<ObjectKind, Double> mix = new EnumMap<>(ObjectKind.class);
        mix.put(ObjectKind.SUPERNOVA, 0.20);
        mix.put(ObjectKind.VARIABLE_STAR, 0.35);
        mix.put(ObjectKind.AGN, 0.15);
        mix.put(ObjectKind.ASTEROID, 0.15);
        mix.put(ObjectKind.BOGUS, 0.15);
        return mix;
    }

    /** The next detection, at Julian Date {@code jd}. */
    synchronized MockAlert next(double jd) {
        ObjectKind kind = drawKind();
        SkyObject object = objectFor(kind, jd);
        int fid = random.nextInt(10) < 4 ? 1 : 2;
        double limit = random.nextDouble(LIMIT_MIN, LIMIT_MAX);
        double mag = object.magnitudeAt(jd, fid) + random.nextGaussian() * 0.03;
        if (mag > limit - 0.2) {
            mag = limit - random.nextDouble(0.2, 0.6);
        }
        double[] position = object.positionAt(jd);
        boolean bogus = kind == ObjectKind.BOGUS;
        double sigma = Math.min(0.3, 0.015 + 0.12 * Math.pow(10, 0.4 * (mag - limit)));
        long candid = nextCandid++;
        MockAlert alert = new MockAlert(
                object.objectId,
                candid,
                jd,
                fid,
                position[0] + random.nextGaussian() * 0.1 / 3600,
                position[1] + random.nextGaussian() * 0.1 / 3600,
                mag,
                sigma,
                limit,
                bogus ? random.nextDouble(0.05, 0.45) : random.nextDouble(0.65, 1.0),
                bogus ? random.nextDouble(0.0, 0.3) : random.nextDouble(0.9, 1.0),
                object.isDiffPos(jd, fid) ? "t" : "f",
                kind == ObjectKind.ASTEROID ? random.nextDouble(0.2, 3.0) : -999,
                kind == ObjectKind.ASTEROID ? object.ssName : null,
                object.sgscore,
                object.distPs1,
                bogus ? 1 + random.nextInt(6) : (random.nextInt(10) == 0 ? 1 : 0),
                bogus ? random.nextDouble(4.0, 9.0) : random.nextDouble(1.6, 3.6),
                bogus ? random.nextDouble(1.4, 3.0) : random.nextDouble(1.0, 1.15),
                bogus ? random.nextDouble(-0.8, 0.8) : random.nextDouble(-0.08, 0.08),
                kind,
                object.referenceMag(fid),
                object.historyBefore(jd));
        object.remember(new MockAlert.PastPoint(jd, fid, candid, limit, mag, sigma));
        if (kind == ObjectKind.BOGUS || (kind == ObjectKind.ASTEROID && object.history.size() >= 2)) {
            retire(object);
        }
        return alert;
    }

    private ObjectKind drawKind() {
        double u = random.nextDouble();
        double sum = 0;
        ObjectKind last = ObjectKind.SUPERNOVA;
        for (Map.Entry<ObjectKind, Double> entry : mix.entrySet()) {
            sum += entry.getValue();
            last = entry.getKey();
            if (u < sum) {
                return last;
            }
        }
        return last;
    }

    private SkyObject objectFor(ObjectKind kind, double jd) {
        List<SkyObject> pool = pools.computeIfAbsent(kind, k -> new ArrayList<>());
        int wanted = Math.max(1, (int) Math.round(poolSize * mix.getOrDefault(kind, 0.0)));
        if (kind == ObjectKind.BOGUS || pool.size() < wanted) {
            SkyObject fresh = newObject(kind, jd);
            pool.add(fresh);
            return fresh;
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            SkyObject candidate = pool.get(random.nextInt(pool.size()));
            if (candidate.magnitudeAt(jd, 2) < LIMIT_MAX - 0.3) {
                return candidate;
            }
            if (kind == ObjectKind.SUPERNOVA && jd > candidate.peakJd) {
                // faded for good: a new supernova takes its place
                pool.remove(candidate);
                SkyObject fresh = newObject(kind, jd);
                pool.add(fresh);
                return fresh;
            }
        }
        return pool.get(random.nextInt(pool.size()));
    }

    private void retire(SkyObject object) {
        List<SkyObject> pool = pools.get(object.kind);
        if (pool != null) {
            pool.remove(object);
        }
    }

    private SkyObject newObject(ObjectKind kind, double jd) {
        double[] position = switch (kind) {
            case VARIABLE_STAR -> galacticPosition(true);
            case SUPERNOVA, AGN -> offThePlane();
            case ASTEROID -> nearTheEcliptic();
            case BOGUS -> galacticPosition(random.nextBoolean());
        };
        SkyObject object = new SkyObject(kind, newName(jd), position[0], position[1]);
        switch (kind) {
            case SUPERNOVA -> {
                object.baseMag = random.nextDouble(16.8, 19.6);
                object.peakJd = jd + random.nextDouble(-12, 8);
                object.referenceMagnitude = random.nextDouble(18.5, 21.5);
                object.sgscore = random.nextDouble(0.0, 0.25);
                object.distPs1 = random.nextDouble(0.6, 4.0);
            }
            case VARIABLE_STAR -> {
                object.baseMag = random.nextDouble(14.5, 19.2);
                object.amplitude = random.nextDouble(0.2, 1.2);
                object.period = Math.exp(random.nextDouble(Math.log(0.2), Math.log(30)));
                object.phase = random.nextDouble(2 * Math.PI);
                object.referenceMagnitude = object.baseMag;
                object.sgscore = random.nextDouble(0.85, 1.0);
                object.distPs1 = random.nextDouble(0.0, 0.4);
            }
            case AGN -> {
                object.baseMag = random.nextDouble(17.2, 19.8);
                object.phase = random.nextDouble(2 * Math.PI);
                object.peakJd = jd + random.nextDouble(-40, 40);
                object.referenceMagnitude = object.baseMag;
                object.sgscore = random.nextDouble(0.0, 0.3);
                object.distPs1 = random.nextDouble(0.0, 0.3);
            }
            case ASTEROID -> {
                object.baseMag = random.nextDouble(17.0, 20.3);
                object.raRate = random.nextDouble(-0.4, 0.4);
                object.decRate = random.nextDouble(-0.15, 0.15);
                object.epoch = jd;
                object.ssName = Integer.toString(1000 + random.nextInt(600_000));
                object.sgscore = random.nextDouble(0.3, 0.7);
                object.distPs1 = random.nextDouble(3, 25);
            }
            case BOGUS -> {
                object.baseMag = random.nextDouble(17.5, 20.5);
                object.sgscore = random.nextDouble();
                object.distPs1 = random.nextDouble(0.5, 25);
            }
        }
        if (kind == ObjectKind.SUPERNOVA || kind == ObjectKind.VARIABLE_STAR || kind == ObjectKind.AGN) {
            seedHistory(object, jd);
        }
        return object;
    }

    /** The month before the object enters the stream: detections where it was bright enough, upper limits elsewhere. */
    private void seedHistory(SkyObject object, double jd) {
        double t = jd - HISTORY_DAYS + random.nextDouble(0, 2);
        while (t < jd - 0.5) {
            int fid = random.nextInt(10) < 4 ? 1 : 2;
            double limit = random.nextDouble(LIMIT_MIN, LIMIT_MAX);
            double mag = object.magnitudeAt(t, fid) + random.nextGaussian() * 0.03;
            if (mag < limit - 0.2) {
                double sigma = Math.min(0.3, 0.015 + 0.12 * Math.pow(10, 0.4 * (mag - limit)));
                object.remember(new MockAlert.PastPoint(t, fid, nextCandid++, limit, mag, sigma));
            } else {
                object.remember(new MockAlert.PastPoint(t, fid, null, limit, null, null));
            }
            t += random.nextDouble(0.9, 3.2);
        }
    }

    private double[] galacticPosition(boolean concentrated) {
        double l = random.nextDouble(360);
        double b;
        if (concentrated && random.nextDouble() < 0.7) {
            // exponential disc: half of these sources within about 5.5 degrees of the plane
            b = -8.0 * Math.log(1 - random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
            b = Math.max(-89.9, Math.min(89.9, b));
        } else {
            b = Math.toDegrees(Math.asin(random.nextDouble(-1, 1)));
        }
        return Sky.equatorialOf(l, b);
    }

    private double[] offThePlane() {
        while (true) {
            double[] position = galacticPosition(false);
            if (Math.abs(Sky.galacticLatitude(position[0], position[1])) > 12) {
                return position;
            }
        }
    }

    private double[] nearTheEcliptic() {
        double lambda = random.nextDouble(360);
        double beta = random.nextGaussian() * 6;
        double eps = Math.toRadians(23.4393);
        double l = Math.toRadians(lambda);
        double b = Math.toRadians(beta);
        double dec = Math.asin(Math.sin(b) * Math.cos(eps) + Math.cos(b) * Math.sin(eps) * Math.sin(l));
        double ra = Math.atan2(Math.sin(l) * Math.cos(eps) - Math.tan(b) * Math.sin(eps), Math.cos(l));
        return new double[] {(Math.toDegrees(ra) + 360) % 360, Math.toDegrees(dec)};
    }

    private String newName(double jd) {
        int year = 2026 + (int) Math.floor((jd - 2461041.5) / 365.25);
        StringBuilder name = new StringBuilder("ZTF").append(Math.floorMod(year, 100));
        for (int i = 0; i < 7; i++) {
            name.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return name.toString();
    }

    private static Map<ObjectKind, Double> normalise(Map<ObjectKind, Double> mix) {
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        if (!(total > 0)) {
            throw new IllegalArgumentException("the object mix must have a positive total");
        }
        Map<ObjectKind, Double> normalised = new EnumMap<>(ObjectKind.class);
        mix.forEach((kind, share) -> {
            if (share < 0) {
                throw new IllegalArgumentException("negative share for " + kind);
            }
            normalised.put(kind, share / total);
        });
        return normalised;
    }

    /** One object on the mock sky. */
    static final class SkyObject {
        final ObjectKind kind;
        final String objectId;
        final double ra;
        final double dec;
        final List<MockAlert.PastPoint> history = new ArrayList<>();
        double baseMag;
        double peakJd;
        double amplitude;
        double period = 1;
        double phase;
        double raRate;
        double decRate;
        double epoch;
        double sgscore;
        double distPs1;

        @Nullable
        Double referenceMagnitude;

        @Nullable
        String ssName;

        SkyObject(ObjectKind kind, String objectId, double ra, double dec) {
            this.kind = kind;
            this.objectId = objectId;
            this.ra = ra;
            this.dec = dec;
        }

        /** The object's brightness at {@code jd} in band {@code fid} (g is a little bluer: brighter when hot). */
        double magnitudeAt(double jd, int fid) {
            double colour = fid == 1 ? 0.15 : 0;
            return switch (kind) {
                case SUPERNOVA -> {
                    double days = jd - peakJd;
                    yield days < 0
                            ? baseMag + 2.6 * (days / 15.0) * (days / 15.0) - colour
                            : baseMag + (fid == 1 ? 0.045 : 0.028) * days;
                }
                case VARIABLE_STAR ->
                    baseMag + colour * 2 + amplitude / 2 * Math.sin(2 * Math.PI * jd / period + phase);
                case AGN -> {
                    double flare = jd > peakJd ? -0.9 * Math.exp(-(jd - peakJd) / 6.0) : 0;
                    yield baseMag + 0.25 * Math.sin(jd / 37.0 + phase) + 0.12 * Math.sin(jd / 9.3 + 2 * phase) + flare;
                }
                case ASTEROID, BOGUS -> baseMag + colour;
            };
        }

        double[] positionAt(double jd) {
            if (kind != ObjectKind.ASTEROID) {
                return new double[] {ra, dec};
            }
            double days = jd - epoch;
            double newDec = Math.max(-89.9, Math.min(89.9, dec + decRate * days));
            return new double[] {((ra + raRate * days) % 360 + 360) % 360, newDec};
        }

        @Nullable
        Double referenceMag(int fid) {
            return referenceMagnitude == null ? null : referenceMagnitude + (fid == 1 ? 0.2 : 0);
        }

        /** Brighter than in the reference image? */
        boolean isDiffPos(double jd, int fid) {
            Double reference = referenceMag(fid);
            return switch (kind) {
                case VARIABLE_STAR, AGN ->
                    reference == null || magnitudeAt(jd, fid) <= reference + (fid == 1 ? 0.3 : 0);
                default -> true;
            };
        }

        void remember(MockAlert.PastPoint point) {
            history.add(point);
            history.removeIf(p -> p.jd() < point.jd() - HISTORY_DAYS);
            while (history.size() > MAX_HISTORY) {
                history.remove(0);
            }
        }

        List<MockAlert.PastPoint> historyBefore(double jd) {
            List<MockAlert.PastPoint> recent = new ArrayList<>();
            for (MockAlert.PastPoint point : history) {
                if (point.jd() < jd && point.jd() >= jd - HISTORY_DAYS) {
                    recent.add(point);
                }
            }
            return List.copyOf(recent);
        }
    }
}
