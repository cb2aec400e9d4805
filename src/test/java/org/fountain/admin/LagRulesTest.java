package org.fountain.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Burrow's rules, one window each: the status each rule gives, and the order in which they are applied. */
class LagRulesTest {

    private static final int SIZE = 5;

    /** A full window from (committed, end) pairs, ten seconds apart, the partition assigned. */
    private static List<LagRules.Observation> window(long... committedAndEnd) {
        return window(true, committedAndEnd);
    }

    private static List<LagRules.Observation> window(boolean assigned, long... committedAndEnd) {
        List<LagRules.Observation> window = new ArrayList<>();
        for (int i = 0; i < committedAndEnd.length; i += 2) {
            long committed = committedAndEnd[i];
            long end = committedAndEnd[i + 1];
            window.add(new LagRules.Observation(i * 5_000L, committed, end, Math.max(0, end - committed), assigned));
        }
        return window;
    }

    @Test
    void aConsumerWithNothingToReadIsOkWhateverCameBefore() {
        assertThat(LagRules.evaluate(window(5, 9, 5, 9, 5, 9, 5, 9, 9, 9), SIZE))
                .isEqualTo(LagStatus.OK);
        assertThat(LagRules.evaluate(window(false, 5, 9, 9, 9), SIZE)).isEqualTo(LagStatus.OK);
    }

    @Test
    void lagThatWasZeroOnceInTheWindowIsOk() {
        assertThat(LagRules.evaluate(window(5, 5, 5, 8, 5, 9, 5, 10, 5, 11), SIZE))
                .isEqualTo(LagStatus.OK);
    }

    @Test
    void nobodyAssignedWithLagIsStopEvenIfItWasCaughtUpBefore() {
        assertThat(LagRules.evaluate(window(false, 5, 5, 5, 6), SIZE)).isEqualTo(LagStatus.STOP);
    }

    @Test
    void anOffsetThatWentBackIsRewind() {
        assertThat(LagRules.evaluate(window(8, 12, 9, 12, 3, 12), SIZE)).isEqualTo(LagStatus.REWIND);
    }

    @Test
    void anAssignedConsumerNotMovingAcrossAFullWindowWithLagIsStall() {
        assertThat(LagRules.evaluate(window(5, 9, 5, 9, 5, 10, 5, 10, 5, 12), SIZE))
                .isEqualTo(LagStatus.STALL);
        // not yet a full window: not judged stalled
        assertThat(LagRules.evaluate(window(5, 9, 5, 9, 5, 10), SIZE)).isEqualTo(LagStatus.OK);
    }

    @Test
    void lagThatNeverWentDownAcrossAFullWindowIsWarnAndOnceDownIsOk() {
        assertThat(LagRules.evaluate(window(1, 4, 2, 5, 3, 7, 4, 8, 5, 9), SIZE))
                .isEqualTo(LagStatus.WARN);
        assertThat(LagRules.evaluate(window(1, 4, 2, 5, 4, 6, 5, 8, 6, 9), SIZE))
                .isEqualTo(LagStatus.OK);
    }

    @Test
    void waitingMessagesWithoutACommittedOffsetOrAnOffsetBeyondTheEndAreErr() {
        assertThat(LagRules.evaluate(List.of(new LagRules.Observation(0, -1, 7, 7, true)), SIZE))
                .isEqualTo(LagStatus.ERR);
        assertThat(LagRules.evaluate(window(12, 9), SIZE)).isEqualTo(LagStatus.ERR);
        assertThat(LagRules.evaluate(List.of(), SIZE)).isEqualTo(LagStatus.ERR);
    }

    @Test
    void aGroupIsAsBadAsItsWorstPartition() {
        assertThat(LagStatus.OK.worse(LagStatus.WARN).worse(LagStatus.STOP).worse(LagStatus.STALL))
                .isEqualTo(LagStatus.STOP);
    }
}
