package org.fountain.matching;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the matcher keeps its index.
 *
 * @param refreshInterval how often an instance looks for filters changed on another instance
 * @param rebalanceInterval how often each filter's access predicate is chosen anew from the values recently seen
 */
@ConfigurationProperties("fountain.matching")
@Validated
record MatchingProperties(
        @DefaultValue("1s") Duration refreshInterval,
        @DefaultValue("30s") Duration rebalanceInterval) {}
