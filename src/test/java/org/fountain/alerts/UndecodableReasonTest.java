package org.fountain.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The closed list of dead-letter reasons keeps its wire codes: unique, lower-case words joined by hyphens. */
class UndecodableReasonTest {

    @Test
    void everyReasonHasAUniqueKebabCaseCodeMatchingItsName() {
        assertThat(Arrays.stream(UndecodableReason.values()).map(UndecodableReason::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z]+(-[a-z]+)*"));
        for (UndecodableReason reason : UndecodableReason.values()) {
            assertThat(reason.code().toUpperCase(java.util.Locale.ROOT).replace('-', '_'))
                    .isEqualTo(reason.name());
        }
        // codes dead letters already on topics carry
        assertThat(Arrays.stream(UndecodableReason.values()).map(UndecodableReason::code))
                .contains("unknown-format", "corrupt-block", "bad-schema", "too-large", "no-schema-source");
    }

    @Test
    void anUndecodableAlertSaysItsReasonAsTheWireCode() {
        UndecodableAlertException e = UndecodableAlertException.because(UndecodableReason.BAD_MAGIC, "no magic byte");
        assertThat(e.reason()).isEqualTo("bad-magic");
        assertThat(e.kind()).isEqualTo(UndecodableReason.BAD_MAGIC);
    }
}
