package org.fountain.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericRecord;

/**
 * Random filters in the shape astronomers write them, for one stream: conjunctions of magnitude, real-bogus and
 * purity thresholds, band and sign equalities, cones around real alert positions, and clauses the index cannot use
 * (history macros, disjunctions, negations, functions of fields). Constants are taken from the values of example
 * alerts, often exactly (to test boundaries), so the filters match a realistic share of alerts; a few are broad.
 */
final class FilterGenerator {

    private record Field(String path, Kind kind) {}

    private enum Kind {
        DOUBLE,
        INT,
        STRING,
        BOOL
    }

    private final SplittableRandom random;
    private final List<GenericRecord> examples;
    private final List<Field> fields;
    private final String ra;
    private final String dec;
    private final List<String> residuals;

    private FilterGenerator(
            SplittableRandom random,
            List<GenericRecord> examples,
            List<Field> fields,
            String ra,
            String dec,
            List<String> residuals) {
        this.random = random;
        this.examples = examples;
        this.fields = fields;
        this.ra = ra;
        this.dec = dec;
        this.residuals = residuals;
    }

    /** Filters for the ZTF-shaped stream (the mock schema's field names and types). */
    static FilterGenerator ztf(long seed, List<GenericRecord> examples) {
        return new FilterGenerator(
                new SplittableRandom(seed),
                examples,
                List.of(
                        new Field("candidate.magpsf", Kind.DOUBLE),
                        new Field("candidate.magpsf", Kind.DOUBLE),
                        new Field("candidate.sigmapsf", Kind.DOUBLE),
                        new Field("candidate.rb", Kind.DOUBLE),
                        new Field("candidate.rb", Kind.DOUBLE),
                        new Field("candidate.drb", Kind.DOUBLE),
                        new Field("candidate.ndethist", Kind.INT),
                        new Field("candidate.fid", Kind.INT),
                        new Field("candidate.jd", Kind.DOUBLE),
                        new Field("candidate.ssdistnr", Kind.DOUBLE),
                        new Field("candidate.sgscore1", Kind.DOUBLE),
                        new Field("candidate.distpsnr1", Kind.DOUBLE),
                        new Field("candidate.nbad", Kind.INT),
                        new Field("candidate.fwhm", Kind.DOUBLE),
                        new Field("candidate.elong", Kind.DOUBLE),
                        new Field("candidate.magdiff", Kind.DOUBLE),
                        new Field("candidate.diffmaglim", Kind.DOUBLE),
                        new Field("candidate.dec", Kind.DOUBLE),
                        new Field("candid", Kind.INT),
                        new Field("candidate.isdiffpos", Kind.STRING),
                        new Field("candidate.ssnamenr", Kind.STRING),
                        new Field("objectId", Kind.STRING)),
                "candidate.ra",
                "candidate.dec",
                List.of(
                        "prv_candidates.exists(p, p.magpsf != null && p.magpsf < %m)",
                        "prv_candidates.size() >= %i",
                        "prv_candidates.exists(p, p.magpsf != null && p.magpsf - candidate.magpsf > %r)",
                        "prv_candidates.all(p, p.magpsf == null || p.magpsf > %m)",
                        "prv_candidates.exists(p, p.fid == candidate.fid && p.diffmaglim > %m)",
                        "-candidate.magdiff < %r && candidate.magpsf / 2.0 > %r",
                        "(candidate.magpsf < %m || candidate.rb > %r)",
                        "!(candidate.fid == %f)",
                        "abs(candidate.magdiff) < %r",
                        "galactic_latitude(candidate.ra, candidate.dec) > %b",
                        "candidate.magpsf - candidate.diffmaglim < -%r",
                        "objectId.startsWith('ZTF2')",
                        "candidate.ndethist * 2 > %i",
                        "candidate.isdiffpos != 'f'",
                        "days_since(candidate.jd) < 30.0"));
    }

    /** Filters for the Rubin-shaped stream (schema 9.0 of the mock stream). */
    static FilterGenerator lsst(long seed, List<GenericRecord> examples) {
        return new FilterGenerator(
                new SplittableRandom(seed),
                examples,
                List.of(
                        new Field("diaSource.psfFlux", Kind.DOUBLE),
                        new Field("diaSource.psfFlux", Kind.DOUBLE),
                        new Field("diaSource.snr", Kind.DOUBLE),
                        new Field("diaSource.reliability", Kind.DOUBLE),
                        new Field("diaSource.midpointMjdTai", Kind.DOUBLE),
                        new Field("diaSource.detector", Kind.INT),
                        new Field("diaSource.band", Kind.STRING),
                        new Field("diaSource.band", Kind.STRING),
                        new Field("diaSource.isNegative", Kind.BOOL),
                        new Field("diaSource.dec", Kind.DOUBLE),
                        new Field("diaObject.nDiaSources", Kind.INT),
                        new Field("diaObject.g_psfFluxMean", Kind.DOUBLE),
                        new Field("diaSourceId", Kind.INT)),
                "diaSource.ra",
                "diaSource.dec",
                List.of(
                        "prvDiaSources.exists(p, p.psfFlux != null && p.psfFlux > %x)",
                        "(diaSource.snr > %r || diaSource.reliability > %r)",
                        "!(diaSource.band == 'g')",
                        "mag_from_njy(diaSource.psfFlux) < %m",
                        "diaObject.nDiaSources + 1 > %i",
                        "galactic_latitude(diaSource.ra, diaSource.dec) < %b",
                        "size(prvDiaSources) > %i",
                        "prvDiaSources.all(p, p.psfFlux == null || p.psfFlux < %x)",
                        "prvDiaSources.exists(p, p.psfFlux != null && p.psfFlux - diaSource.psfFlux > %x)"));
    }

    /** One filter: one to four conjuncts, now and then a disjunction of two. */
    String next() {
        if (random.nextInt(20) == 0) {
            return "(" + conjunction() + ") || (" + conjunction() + ")";
        }
        return conjunction();
    }

    private String conjunction() {
        int n = 1 + random.nextInt(4);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(100);
            if (pick < 45) {
                parts.add(comparison());
            } else if (pick < 58) {
                parts.add(equality());
            } else if (pick < 72) {
                parts.add(cone());
            } else {
                parts.add(residual());
            }
        }
        return String.join(" && ", parts);
    }

    private GenericRecord example() {
        return examples.get(random.nextInt(examples.size()));
    }

    private Object valueOf(String path) {
        for (int tries = 0; tries < 20; tries++) {
            Object value = FieldRef.of(path).read(example());
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private String comparison() {
        Field field = pickNumeric();
        Object value = valueOf(field.path());
        double v = value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 1.0;
        if (random.nextInt(3) > 0) {
            v += (random.nextDouble() - 0.5) * Math.max(Math.abs(v) * 0.2, 1);
        }
        String constant = field.kind() == Kind.INT && random.nextBoolean() ? Long.toString(Math.round(v)) : decimal(v);
        String op = List.of("<", "<=", ">", ">=").get(random.nextInt(4));
        return random.nextInt(6) == 0
                ? constant + " " + op + " " + field.path()
                : field.path() + " " + op + " " + constant;
    }

    private Field pickNumeric() {
        while (true) {
            Field field = fields.get(random.nextInt(fields.size()));
            if (field.kind() == Kind.DOUBLE || field.kind() == Kind.INT) {
                return field;
            }
        }
    }

    private String equality() {
        Field field = fields.get(random.nextInt(fields.size()));
        Object value = valueOf(field.path());
        return switch (field.kind()) {
            case STRING -> {
                String s = value == null ? "x" : value.toString().replace("'", "");
                yield random.nextBoolean()
                        ? field.path() + " == '" + s + "'"
                        : field.path() + " in ['" + s + "', 'g', 't', '1']";
            }
            case BOOL -> field.path() + " == " + random.nextBoolean();
            case INT -> {
                long v = value instanceof Number n ? n.longValue() : 1;
                yield random.nextBoolean()
                        ? field.path() + " == " + v
                        : field.path() + " in [" + v + ", " + (v + 1) + "]";
            }
            case DOUBLE -> {
                double v = value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0.5;
                yield field.path() + " == " + decimal(v);
            }
        };
    }

    private String cone() {
        GenericRecord alert = example();
        Object a = FieldRef.of(ra).read(alert);
        Object d = FieldRef.of(dec).read(alert);
        double ra0 =
                a instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : random.nextDouble() * 360;
        double dec0 = d instanceof Number n && Double.isFinite(n.doubleValue())
                ? n.doubleValue()
                : random.nextDouble() * 180 - 90;
        double radius = switch (random.nextInt(5)) {
            case 0 -> 1 + random.nextDouble() * 5;
            case 1 -> 30 + random.nextDouble() * 120;
            case 2 -> 600 + random.nextDouble() * 3000;
            case 3 -> 3600 * (1 + random.nextDouble() * 10);
            default -> 3600 * 40 * random.nextDouble();
        };
        if (random.nextBoolean()) {
            ra0 += (random.nextDouble() - 0.5) * radius / 1800;
            dec0 = Math.max(-90, Math.min(90, dec0 + (random.nextDouble() - 0.5) * radius / 1800));
        }
        return random.nextInt(8) == 0
                ? "cone(" + decimal(ra0) + ", " + decimal(dec0) + ", " + ra + ", " + dec + ", " + decimal(radius) + ")"
                : "cone(" + ra + ", " + dec + ", " + decimal(ra0) + ", " + decimal(dec0) + ", " + decimal(radius) + ")";
    }

    private String residual() {
        String template = residuals.get(random.nextInt(residuals.size()));
        return template.replace("%m", decimal(15 + random.nextDouble() * 6))
                .replace("%r", decimal(random.nextDouble()))
                .replace("%i", Integer.toString(random.nextInt(12)))
                .replace("%f", Integer.toString(1 + random.nextInt(3)))
                .replace("%b", decimal(random.nextDouble() * 60 - 30))
                .replace("%x", decimal(random.nextDouble() * 5000));
    }

    private static String decimal(double v) {
        return Double.toString(v);
    }
}
