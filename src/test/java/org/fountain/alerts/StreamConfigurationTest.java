package org.fountain.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Streams are configuration: they bind from properties, and a custom profile maps any schema's fields. */
class StreamConfigurationTest {

    private static StreamsProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("fountain.alerts", StreamsProperties.class)
                .get();
    }

    @Test
    void bindsStreamsWithDefaultsAndACustomProfile() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("fountain.alerts.streams[0].name", "ztf");
        properties.put("fountain.alerts.streams[0].topic-pattern", "ztf_.*");
        properties.put("fountain.alerts.streams[1].name", "mine");
        properties.put("fountain.alerts.streams[1].topic-pattern", "mine\\..*");
        properties.put("fountain.alerts.streams[1].format", "container");
        properties.put("fountain.alerts.streams[1].profile", "custom");
        properties.put("fountain.alerts.streams[1].fields.alert-id", "candidate.candid");
        properties.put("fountain.alerts.streams[1].fields.object-id[0]", "nickname");
        properties.put("fountain.alerts.streams[1].fields.object-id[1]", "objectId");
        properties.put("fountain.alerts.streams[1].fields.ra", "candidate.ra");
        properties.put("fountain.alerts.streams[1].fields.dec", "candidate.dec");
        properties.put("fountain.alerts.streams[1].fields.time", "candidate.jd");
        properties.put("fountain.alerts.streams[1].fields.time-scale", "jd");
        properties.put("fountain.alerts.streams[1].fields.magnitude", "candidate.magpsf");
        properties.put("fountain.alerts.streams[1].fields.magnitude-unit", "mag");
        properties.put("fountain.alerts.streams[1].fields.band", "candidate.fid");
        properties.put("fountain.alerts.streams[1].fields.band-names.1", "green");
        properties.put("fountain.alerts.streams[1].fields.band-names.2", "red");
        properties.put("fountain.alerts.streams[1].fields.history", "prv_candidates");

        StreamsProperties streams = bind(properties);

        assertThat(streams.maxMessageBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(streams.streams().get(0).format()).isEqualTo(WireFormat.AUTO);
        assertThat(streams.streams().get(0).profile()).isEqualTo(Profile.ZTF);
        assertThat(streams.streams().get(1).format()).isEqualTo(WireFormat.CONTAINER);

        AlertDecoder decoder = new AlertDecoder(streams);
        byte[] message = MockAlerts.containerFile(MockAlert.simple("ZTF26custom1", 31, 2461000.5, 12.5, -7.5, 19.75));
        Alert alert = decoder.decode(new SourceCoordinates("mine.alerts", 0, 0), message)
                .get(0);

        assertThat(alert.stream()).isEqualTo("mine");
        assertThat(alert.alertId()).isEqualTo(31);
        assertThat(alert.objectId()).isEqualTo("ZTF26custom1");
        assertThat(alert.mjd()).isEqualTo(61000.0);
        assertThat(alert.band()).isEqualTo("red");
        assertThat(alert.magnitude()).isEqualTo(19.75);
        assertThat(decoder.topicPattern()).isEqualTo("(?:ztf_.*)|(?:mine\\..*)");
        assertThat(decoder.streamOf("ztf_20261126_programid1")).isEqualTo("ztf");
        assertThat(decoder.streamOf("elsewhere")).isEqualTo("unknown");
    }

    @Test
    void refusesAnUnknownProfileOrACustomProfileWithoutFields() {
        Map<String, String> unknown = new LinkedHashMap<>();
        unknown.put("fountain.alerts.streams[0].name", "x");
        unknown.put("fountain.alerts.streams[0].topic-pattern", "x");
        unknown.put("fountain.alerts.streams[0].profile", "tess");
        StreamDefinition bare = new StreamDefinition("y", "y", WireFormat.AUTO, Profile.CUSTOM, null, null, null, null);

        assertThatThrownBy(() -> bind(unknown))
                .hasStackTraceContaining("tess")
                .hasStackTraceContaining(Profile.class.getName());
        assertThatThrownBy(bare::mapping).hasMessageContaining("no fields");
    }

    @Test
    void convertsRubinFluxToAbMagnitude() {
        assertThat(org.fountain.alerts.profile.StreamProfile.magnitudeOfFlux(3631e9))
                .isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(org.fountain.alerts.profile.StreamProfile.magnitudeOfFlux(1000))
                .isCloseTo(23.9, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(org.fountain.alerts.profile.StreamProfile.magnitudeOfFlux(-5))
                .isNull();
    }
}
