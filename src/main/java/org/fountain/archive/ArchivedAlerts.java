package org.fountain.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.alerts.StreamDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Archived alerts as their pages show them, to those whose filters (their own, or public ones they follow) matched
 * them: decoded from the bytes the archive kept, with their light curve and cutouts. To anyone else an alert does not
 * exist.
 */
@Service
public class ArchivedAlerts {

    private final ArchiveStore store;
    private final MatchHistory history;
    private final AlertDecoder decoder;

    ArchivedAlerts(ArchiveStore store, MatchHistory history, AlertDecoder decoder) {
        this.store = store;
        this.history = history;
        this.decoder = decoder;
    }

    /** The alert as {@code viewer} may see it, or empty if no filter of theirs matched it. */
    public Optional<AlertView> find(String viewer, String stream, long alertId) {
        List<ArchivedMatch> matchedBy = store.matchesOf(stream, alertId, history.visible(viewer));
        if (matchedBy.isEmpty()) {
            return Optional.empty();
        }
        var first = matchedBy.get(0).match();
        Optional<Alert> decoded = decoded(stream, alertId);
        if (decoded.isEmpty()) {
            return Optional.of(new AlertView(
                    stream,
                    alertId,
                    first.alert().objectId(),
                    first.alert().ra(),
                    first.alert().dec(),
                    first.alert().mjd(),
                    first.alert().magnitude(),
                    first.alert().band(),
                    first.alert().topic(),
                    first.alert().partition(),
                    first.alert().offset(),
                    matchedBy,
                    false,
                    List.of(),
                    List.of(),
                    Map.of(),
                    Map.of()));
        }
        Alert alert = decoded.get();
        List<String> cutouts = cutoutsOf(alert);
        return Optional.of(new AlertView(
                stream,
                alertId,
                alert.objectId(),
                alert.ra(),
                alert.dec(),
                alert.mjd(),
                alert.magnitude(),
                alert.band(),
                first.alert().topic(),
                first.alert().partition(),
                first.alert().offset(),
                matchedBy,
                true,
                lightCurve(alert),
                cutouts,
                fields(alert.record()),
                docs(alert.record().getSchema())));
    }

    /** The most alerts of one object the object page reads the packets of, for its light curve. */
    private static final int OBJECT_ALERTS = 50;

    /** The object as {@code viewer} may see it: its alerts their filters matched; empty if none. */
    public Optional<ObjectView> object(String viewer, String stream, String objectId) {
        List<ArchivedMatch> matches =
                store.matchesOfObject(stream, objectId, history.visible(viewer), OBJECT_ALERTS * 10);
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, List<ArchivedMatch>> byAlert = new LinkedHashMap<>();
        for (ArchivedMatch m : matches) {
            byAlert.computeIfAbsent(m.match().alert().alertId(), id -> new ArrayList<>())
                    .add(m);
        }
        List<ObjectView.ObjectAlert> alerts = new ArrayList<>();
        Set<AlertView.LightPoint> points = new LinkedHashSet<>();
        List<String> cutouts = List.of();
        long latest = byAlert.keySet().iterator().next();
        int read = 0;
        for (Map.Entry<Long, List<ArchivedMatch>> entry : byAlert.entrySet()) {
            var m = entry.getValue().get(0).match();
            alerts.add(new ObjectView.ObjectAlert(
                    m.alert().alertId(),
                    m.alert().mjd(),
                    m.alert().magnitude(),
                    m.alert().band(),
                    m.alert().ra(),
                    m.alert().dec(),
                    entry.getValue().stream()
                            .map(a -> a.match().filterName())
                            .distinct()
                            .toList()));
            if (read++ < OBJECT_ALERTS) {
                Optional<Alert> decoded = decoded(stream, m.alert().alertId());
                if (decoded.isPresent()) {
                    for (AlertView.LightPoint p : lightCurve(decoded.get())) {
                        points.add(
                                new AlertView.LightPoint(p.mjd(), p.band(), p.magnitude(), p.error(), p.kind(), false));
                    }
                    if (m.alert().alertId() == latest) {
                        cutouts = cutoutsOf(decoded.get());
                    }
                }
            }
        }
        List<AlertView.LightPoint> curve = new ArrayList<>(points);
        curve.sort(Comparator.comparingDouble(AlertView.LightPoint::mjd));
        return Optional.of(new ObjectView(stream, objectId, alerts, curve, latest, cutouts));
    }

    private static List<String> cutoutsOf(Alert alert) {
        List<String> cutouts = new ArrayList<>();
        for (CutoutImages.Kind kind : CutoutImages.Kind.values()) {
            if (LightCurves.value(alert.record(), kind.field) != null) {
                cutouts.add(kind.name());
            }
        }
        return cutouts;
    }

    /** A cutout of an alert {@code viewer} may see, as FITS or as a PNG; empty when there is none. */
    public Optional<byte[]> cutout(String viewer, String stream, long alertId, String kind, boolean png)
            throws IOException {
        return cutout(viewer, stream, alertId, kind, png, false);
    }

    /** As above; {@code asinh} stretches the PNG with asinh instead of linearly. */
    public Optional<byte[]> cutout(String viewer, String stream, long alertId, String kind, boolean png, boolean asinh)
            throws IOException {
        CutoutImages.Kind which;
        try {
            which = CutoutImages.Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (store.matchesOf(stream, alertId, history.visible(viewer)).isEmpty()) {
            return Optional.empty();
        }
        Optional<Alert> alert = decoded(stream, alertId);
        if (alert.isEmpty()) {
            return Optional.empty();
        }
        byte[] fits = CutoutImages.fits(alert.get().record(), which);
        if (fits == null) {
            return Optional.empty();
        }
        return Optional.of(
                png
                        ? CutoutImages.png(
                                CutoutImages.pixels(fits),
                                which,
                                asinh ? CutoutImages.Stretch.asinh : CutoutImages.Stretch.linear)
                        : fits);
    }

    /** The alert's light curve, where its stream's profile says it is (none for a stream no longer configured). */
    private List<AlertView.LightPoint> lightCurve(Alert alert) {
        for (StreamDefinition stream : decoder.streams()) {
            if (stream.name().equals(alert.stream())) {
                return LightCurves.of(alert.record(), stream.mapping());
            }
        }
        return List.of();
    }

    private Optional<Alert> decoded(String stream, long alertId) {
        Optional<ArchiveStore.Kept> kept = store.alert(stream, alertId);
        if (kept.isEmpty() || kept.get().packet() == null) {
            return Optional.empty();
        }
        ArchiveStore.Kept k = kept.get();
        if (!(decoder.read(k.topic(), k.partition(), k.offset(), k.packet())
                instanceof AlertDecoder.Decoded.Alerts read)) {
            return Optional.empty();
        }
        return read.alerts().stream().filter(a -> a.alertId() == alertId).findFirst();
    }

    /** The alert's scalar fields, and those of the records it holds one level down (its detection), by dotted name. */
    private static Map<String, Object> fields(GenericRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value instanceof GenericRecord inner && !isCutout(field.name())) {
                for (Schema.Field f : inner.getSchema().getFields()) {
                    Object v = scalar(inner.get(f.pos()));
                    if (v != null) {
                        fields.put(field.name() + "." + f.name(), v);
                    }
                }
            } else {
                Object v = scalar(value);
                if (v != null) {
                    fields.put(field.name(), v);
                }
            }
        }
        return fields;
    }

    /** The schema's documentation of the fields {@link #fields} shows. */
    private static Map<String, String> docs(Schema schema) {
        Map<String, String> docs = new LinkedHashMap<>();
        for (Schema.Field field : schema.getFields()) {
            Schema record = recordOf(field.schema());
            if (record != null && !isCutout(field.name())) {
                for (Schema.Field f : record.getFields()) {
                    if (f.doc() != null && !f.doc().isBlank()) {
                        docs.put(field.name() + "." + f.name(), f.doc());
                    }
                }
            } else if (field.doc() != null && !field.doc().isBlank()) {
                docs.put(field.name(), field.doc());
            }
        }
        return docs;
    }

    private static @Nullable Schema recordOf(Schema schema) {
        if (schema.getType() == Schema.Type.RECORD) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream()
                    .filter(s -> s.getType() == Schema.Type.RECORD)
                    .findFirst()
                    .orElse(null);
        }
        return null;
    }

    private static boolean isCutout(String name) {
        return name.startsWith("cutout");
    }

    private static @Nullable Object scalar(@Nullable Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            if (value instanceof Long n && Math.abs(n) > 1L << 53) {
                return value.toString(); // beyond 2^53 JavaScript's numbers are not exact
            }
            return value instanceof Number n && !Double.isFinite(n.doubleValue()) ? value.toString() : value;
        }
        if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
            return value.toString();
        }
        return null; // bytes, lists and nulls are not shown as fields
    }
}
