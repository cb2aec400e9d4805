package org.fountain.filters.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.fountain.alerts.Sky;
import org.junit.jupiter.api.Test;

/** The filter language's astronomy against values known independently. */
class AstronomyFunctionsTest {

    @Test
    void theNorthGalacticPoleIsAtLatitudeNinety() {
        assertThat(Sky.galacticLatitude(192.85948, 27.12825)).isCloseTo(90.0, within(1e-6));
        assertThat(Sky.galacticLatitude(192.85948 + 180, -27.12825)).isCloseTo(-90.0, within(1e-6));
    }

    @Test
    void theGalacticCentreIsAtTheOrigin() {
        // Sgr A*, J2000: RA 266.41683, Dec -29.00781
        assertThat(Sky.galacticLatitude(266.41683, -29.00781)).isCloseTo(-0.046, within(0.01));
        double l = Sky.galacticLongitude(266.41683, -29.00781);
        assertThat(Math.min(l, 360 - l)).isCloseTo(0.056, within(0.01));
    }

    @Test
    void theNorthCelestialPoleHasTheDefiningLongitude() {
        assertThat(Sky.galacticLongitude(0, 90)).isCloseTo(122.93192, within(1e-6));
        assertThat(Sky.galacticLatitude(0, 90)).isCloseTo(27.12825, within(1e-6));
    }

    @Test
    void separationsMatchIndependentValues() {
        // one degree along a meridian; one degree along the equator
        assertThat(Sky.separationArcsec(10, 20, 10, 21)).isCloseTo(3600.0, within(1e-6));
        assertThat(Sky.separationArcsec(0, 0, 1, 0)).isCloseTo(3600.0, within(1e-6));
        // at Dec 60 a degree of RA spans about half a degree on the sky
        assertThat(Sky.separationArcsec(0, 60, 1, 60)).isCloseTo(1799.9829, within(0.001));
        // across RA = 0 and at tiny separations the haversine stays accurate
        assertThat(Sky.separationArcsec(359.9999, 0, 0.0001, 0)).isCloseTo(0.72, within(1e-6));
        assertThat(Sky.separationArcsec(150.1, 2.2, 150.1, 2.2 + 0.1 / 3600)).isCloseTo(0.1, within(1e-6));
        // Vega to Altair, 34.19 degrees apart
        assertThat(Sky.separationArcsec(279.23473, 38.78369, 297.69583, 8.86832) / 3600)
                .isCloseTo(34.19, within(0.01));
    }

    @Test
    void convertsFluxAndMagnitude() {
        assertThat(AstronomyFunctions.magFromNanojansky(1000)).isCloseTo(23.9, within(1e-9));
        assertThat(AstronomyFunctions.magFromNanojansky(0)).isNaN();
    }
}
