package org.fountain.delivery.live;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How live matches reach dashboards, and the bounds every connected client is held to.
 *
 * @param flushInterval each dashboard receives at most one frame per interval, carrying every match since the last;
 *     a match that comes after a quiet interval is sent at once
 * @param maxLag a match older than this when the relay reads it is not pushed as live: the dashboards it was for are
 *     told how many they skipped, and the relay catches up with the present
 * @param relayConcurrency consumers of the matches topic on this instance (at most its partitions are busy)
 * @param maxSessionsPerUser connections one user may hold open at once
 * @param maxSubscriptionsPerSession subscriptions one connection may hold
 * @param maxQueued matches read in one flush interval and waiting for the flush, for all dashboards here together;
 *     beyond, the dashboards they were for are told how many they skipped
 * @param maxUnwritten frames handed to a connection and not yet written to its socket; while a dashboard is this far
 *     behind it receives nothing, and is told how many it missed once it reads again
 * @param sendTimeLimit a write to one connection that takes longer than this closes it
 * @param sendBufferSize bytes buffered for one connection beyond which it is closed
 * @param heartbeat STOMP heart-beats each way
 * @param firehoseRate a filter with more matches than this in the last second on this instance is a firehose: its
 *     dashboards get one sample and its count every {@code firehose-report} rather than every match; at 300 alerts a
 *     second a filter of new objects matched a hundred a second at the start of a night, which no one reads
 * @param firehoseReport how often a firehose's dashboards get its count and a sample
 * @param outboundThreads threads writing live frames to connections (a client that stops reading holds one until its
 *     write times out and it is closed); more threads than cores only add switching: on two cores 4 delivered with a
 *     lower p99 than 16, and as well as 2
 */
@ConfigurationProperties("fountain.delivery.live")
@Validated
record LiveProperties(
        @DefaultValue("50ms") Duration flushInterval,
        @DefaultValue("5s") Duration maxLag,
        @DefaultValue("3") @Min(1) int relayConcurrency,
        @DefaultValue("8") @Min(1) int maxSessionsPerUser,
        @DefaultValue("4") @Min(1) int maxSubscriptionsPerSession,
        @DefaultValue("5000") @Min(1) int maxQueued,
        @DefaultValue("20") @Min(1) int maxUnwritten,
        @DefaultValue("5s") Duration sendTimeLimit,
        @DefaultValue("524288") @Min(1024) int sendBufferSize,
        @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("4") @Min(1) int outboundThreads,
        @DefaultValue("20") @Min(1) int firehoseRate,
        @DefaultValue("1s") Duration firehoseReport) {}
