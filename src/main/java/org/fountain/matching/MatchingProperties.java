package org.fountain.matching;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the matcher keeps its index.
 *
 * @param refreshInterval how often an instance looks for filters changed on another instance
 * @param rebalanceInterval how often each filter's access predicate is chosen anew from the values recently seen
 * @param maxMatchShare a filter that matches more than this share of a window of its stream's alerts is paused
 * @param window how many alerts of its stream a filter's share and cost are measured over
 * @param maxFilterCost a filter that costs more than this per alert of its stream (on average over a window) is paused
 * @param maxUserCost while one user's filters together cost more than this per alert, the costliest is paused
 */
@ConfigurationProperties("fountain.matching")
@Validated
record MatchingProperties(
        @DefaultValue("1s") Duration refreshInterval,
        @DefaultValue("30s") Duration rebalanceInterval,

        @DefaultValue("0.9") @DecimalMin("0.0") @DecimalMax("1.0")
        double maxMatchShare,

        @DefaultValue("10000") @Min(100) long window,
        @DefaultValue("200us") Duration maxFilterCost,
        @DefaultValue("2ms") Duration maxUserCost) {

    Runaways.Limits limits() {
        return new Runaways.Limits(maxMatchShare, window, maxFilterCost.toNanos(), maxUserCost.toNanos());
    }
}
