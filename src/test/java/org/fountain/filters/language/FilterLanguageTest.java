package org.fountain.filters.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.InvalidFilterException;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.fountain.simulator.ObjectKind;
import org.junit.jupiter.api.Test;

class FilterLanguageTest {

    /** The alert below is at JD 2461370.75 (2026-11-26 06:00 UTC); filters see "now" six hours later. */
    private static final Clock SIX_HOURS_LATER = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

    private final FilterLanguage language = new FilterLanguage(MockAlerts.schema(), SIX_HOURS_LATER);

    /** A real-looking detection at magnitude 17.5 with two earlier detections and one upper limit. */
    private static Map<String, Object> alertValues() {
        MockAlert alert = new MockAlert(
                "ZTF26abcdefg",
                1001L,
                2461370.75,
                1,
                150.1,
                2.2,
                17.5,
                0.05,
                20.6,
                0.87,
                0.995,
                "t",
                -999,
                null,
                0.02,
                1.4,
                0,
                2.2,
                1.05,
                0.02,
                ObjectKind.SUPERNOVA,
                null,
                List.of(
                        new MockAlert.PastPoint(2461360.70, 1, 990L, 20.4, 18.4, 0.08),
                        new MockAlert.PastPoint(2461362.70, 2, null, 20.1, null, null),
                        new MockAlert.PastPoint(2461365.70, 1, 995L, 20.5, 18.1, 0.07)));
        GenericRecord record = MockAlerts.toRecord(alert);
        // Avro's decoder hands strings over as Utf8; make sure the test sees what the hot path sees
        record.put("objectId", new Utf8("ZTF26abcdefg"));
        ((GenericRecord) record.get("candidate")).put("isdiffpos", new Utf8("t"));
        return AlertValues.of(record);
    }

    private boolean eval(String expression) throws FilterEvaluationException {
        return language.compile(expression).matches(alertValues());
    }

    @Test
    void comparesAvroFloatFieldsAsDoubles() throws Exception {
        assertThat(eval("candidate.magpsf < 18.0")).isTrue();
        assertThat(eval("candidate.magpsf < 17.0")).isFalse();
        assertThat(eval("candidate.rb > 0.86 && candidate.rb < 0.88")).isTrue();
    }

    @Test
    void comparesAvroIntFieldsAsIntegersAndAgainstDoubleLiterals() throws Exception {
        assertThat(eval("candidate.fid == 1")).isTrue();
        assertThat(eval("candidate.fid == 2")).isFalse();
        assertThat(eval("candidate.ndethist >= 2.5")).isTrue();
    }

    @Test
    void comparesUtf8FieldsWithStringLiterals() throws Exception {
        assertThat(eval("objectId == 'ZTF26abcdefg'")).isTrue();
        assertThat(eval("candidate.isdiffpos == 't'")).isTrue();
        assertThat(eval("objectId.startsWith('ZTF26')")).isTrue();
        assertThat(eval("objectId == 'ZTF18abfkwnk'")).isFalse();
    }

    @Test
    void comparesLongFields() throws Exception {
        assertThat(eval("candid == 1001")).isTrue();
        assertThat(eval("candid > 5000")).isFalse();
    }

    @Test
    void seesAvroNullAsCelNull() throws Exception {
        assertThat(eval("candidate.ssnamenr == null")).isTrue();
        assertThat(eval("candidate.rb != null")).isTrue();
        assertThat(eval("prv_candidates.exists(p, p.candid == null)")).isTrue();
    }

    @Test
    void runsMacrosOverTheHistory() throws Exception {
        assertThat(eval("prv_candidates.exists(p, p.magpsf != null && p.magpsf - candidate.magpsf > 0.5)"))
                .isTrue();
        assertThat(eval("prv_candidates.exists(p, p.magpsf != null && p.magpsf - candidate.magpsf > 1.0)"))
                .isFalse();
        assertThat(eval("prv_candidates.all(p, p.jd < candidate.jd)")).isTrue();
        assertThat(eval("prv_candidates.filter(p, p.candid != null).size() == 2"))
                .isTrue();
    }

    @Test
    void reportsASyntaxErrorWithItsLineAndColumn() {
        assertThatThrownBy(() -> language.compile("candidate.magpsf <\n  && candidate.rb > 0.5"))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    ExpressionProblem first = e.problems().get(0);
                    assertThat(first.line()).isEqualTo(2);
                    assertThat(first.column()).isEqualTo(3);
                    assertThat(first.describe()).startsWith("line 2, column 3: ");
                });
    }

    @Test
    void rejectsAnUnknownVariableWithItsPosition() {
        assertThatThrownBy(() -> language.compile("candidate.magpsf < 18 && candidat.rb > 0.5"))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    ExpressionProblem first = e.problems().get(0);
                    assertThat(first.message()).contains("candidat");
                    assertThat(first.line()).isEqualTo(1);
                    assertThat(first.column()).isEqualTo(26);
                });
    }

    @Test
    void rejectsAMisspeltFieldWithItsPositionAndTheNearestNames() {
        assertThatThrownBy(() -> language.compile("candidate.magpfs < 18.5"))
                .isInstanceOfSatisfying(InvalidFilterException.class, e -> {
                    ExpressionProblem first = e.problems().get(0);
                    assertThat(first.line()).isEqualTo(1);
                    assertThat(first.column()).isEqualTo(10);
                    assertThat(first.message())
                            .contains("undefined field 'magpfs'")
                            .contains("did you mean magpsf");
                });
    }

    @Test
    void rejectsAFieldOfAHistoryEntryThatDoesNotExist() {
        assertThatThrownBy(() -> language.compile("prv_candidates.exists(p, p.drb > 0.9)"))
                .isInstanceOfSatisfying(
                        InvalidFilterException.class,
                        e -> assertThat(e.problems().get(0).message()).contains("undefined field 'drb'"));
    }

    @Test
    void rejectsATypeMismatch() {
        assertThatThrownBy(() -> language.compile("candidate.magpsf == 't'"))
                .isInstanceOfSatisfying(
                        InvalidFilterException.class,
                        e -> assertThat(e.problems().get(0).message()).contains("(double, string)"));
        assertThatThrownBy(() -> language.compile("candidate.isdiffpos > 3.0"))
                .isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void suggestsTheVariableForAMisspeltName() {
        assertThatThrownBy(() -> language.compile("candidat.rb > 0.5"))
                .isInstanceOfSatisfying(
                        InvalidFilterException.class,
                        e -> assertThat(e.problems().get(0).message()).contains("did you mean candidate"));
    }

    @Test
    void offersTheSchemaFieldsWithTypeAndDocumentation() {
        assertThat(language.fields())
                .anySatisfy(f -> {
                    assertThat(f.path()).isEqualTo("candidate.magpsf");
                    assertThat(f.type()).isEqualTo("double");
                    assertThat(f.doc()).contains("PSF");
                })
                .anySatisfy(f -> {
                    assertThat(f.path()).isEqualTo("candidate.rb");
                    assertThat(f.type()).isEqualTo("double or null");
                })
                .anySatisfy(f -> assertThat(f.path()).isEqualTo("prv_candidates[].magpsf"));
    }

    @Test
    void callsTheAstronomyFunctions() throws Exception {
        // the alert is at (150.1, 2.2)
        assertThat(eval("cone(candidate.ra, candidate.dec, 150.1, 2.2005, 2.0)"))
                .isTrue();
        assertThat(eval("cone(candidate.ra, candidate.dec, 150.1, 2.21, 30.0)")).isFalse();
        assertThat(eval("sep_arcsec(candidate.ra, candidate.dec, 150.1, 2.21) > 35.9"))
                .isTrue();
        assertThat(eval("galactic_latitude(candidate.ra, candidate.dec) > 40.0"))
                .isTrue();
        assertThat(eval("abs(candidate.magpsf - 18.0) < 0.6")).isTrue();
        assertThat(eval("jd_to_mjd(candidate.jd) == 61370.25")).isTrue();
        assertThat(eval("days_since(candidate.jd) > 0.2499 && days_since(candidate.jd) < 0.2501"))
                .isTrue();
        assertThat(eval("days_since(2461000.5) > 370.49 && days_since(2461000.5) < 370.51"))
                .isTrue();
        assertThat(eval("mag_from_njy(3631.0e9) < 0.001 && mag_from_njy(3631.0e9) > -0.001"))
                .isTrue();
    }

    @Test
    void hintsAtDecimalsWhenAFunctionIsGivenWholeNumbers() {
        assertThatThrownBy(() -> language.compile("cone(candidate.ra, candidate.dec, 150, 2.2, 30)"))
                .isInstanceOfSatisfying(
                        InvalidFilterException.class,
                        e -> assertThat(e.problems().get(0).message()).contains("30.0"));
    }

    @Test
    void rejectsAnExpressionThatIsNotABoolean() {
        assertThatThrownBy(() -> language.compile("candidate.magpsf + 1.0")).isInstanceOf(InvalidFilterException.class);
        assertThatThrownBy(() -> language.compile("'bright'")).isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void rejectsAnEmptyOrOversizedExpression() {
        assertThatThrownBy(() -> language.compile("  ")).isInstanceOf(InvalidFilterException.class);
        String huge = "candidate.magpsf < 18.0" + " && candidate.magpsf < 18.0".repeat(200);
        assertThatThrownBy(() -> language.compile(huge)).isInstanceOf(InvalidFilterException.class);
    }

    @Test
    void failsOnAnAlertWithoutThrowingOutOfTheProgramUnexpectedly() {
        FilterProgram program = language.compile("int(objectId) > 3");
        assertThatThrownBy(() -> program.matches(alertValues())).isInstanceOf(FilterEvaluationException.class);

        // ssnamenr is null in this alert: comparing it as a string fails on this alert, and is reported
        FilterProgram onNull = language.compile("candidate.ssnamenr.startsWith('2026')");
        assertThatThrownBy(() -> onNull.matches(alertValues())).isInstanceOf(FilterEvaluationException.class);
    }
}
