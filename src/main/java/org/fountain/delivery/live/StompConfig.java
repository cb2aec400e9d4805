package org.fountain.delivery.live;

import java.util.UUID;
import org.fountain.delivery.MatchesReader;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP over WebSocket at {@code /ws}; matches go to user destinations only, written by {@link LiveWriters}' own
 * writers (the outbound channel carries STOMP's replies and heart-beats). Every connection is bounded: heart-beats
 * both ways, a send-time and a send-buffer limit, and the caps of {@link LiveConnections}. Heart-beats run on a scheduler
 * of their own, not shared with the application's scheduled work.
 */
@Configuration
@EnableWebSocketMessageBroker
class StompConfig implements WebSocketMessageBrokerConfigurer, DisposableBean {

    private final LiveProperties properties;
    private final LiveConnections connections;
    private final LiveWriters writers;
    private final ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();

    private final LiveCredentials credentials;

    StompConfig(
            LiveProperties properties, LiveConnections connections, LiveWriters writers, LiveCredentials credentials) {
        this.credentials = credentials;
        this.properties = properties;
        this.connections = connections;
        this.writers = writers;
        heartbeats.setThreadNamePrefix("stomp-heartbeat-");
        heartbeats.setDaemon(true);
        heartbeats.initialize();
    }

    /**
     * The live relay's consumers: outside Kafka transactions (their group is new on every start and reads from the latest offset: its offsets are committed once a minute, outside any transaction),
     * reading only committed matches.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<byte[], byte[]> liveRelayContainerFactory(
            ConsumerFactory<byte[], byte[]> consumers, MatchesReader reader) {
        return reader.liveContainers(consumers);
    }

    /** The live relay's consumer group: one per instance, so that every instance sees every match. */
    @Bean
    String liveRelayGroupId() {
        return "fountain-live-" + UUID.randomUUID();
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/ws").addInterceptors(credentials);
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        long heartbeat = properties.heartbeat().toMillis();
        registry.enableSimpleBroker("/queue")
                .setHeartbeatValue(new long[] {heartbeat, heartbeat})
                .setTaskScheduler(heartbeats);
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration
                .setSendTimeLimit((int) properties.sendTimeLimit().toMillis())
                .setSendBufferSizeLimit(properties.sendBufferSize())
                .addDecoratorFactory(writers::decorate);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(connections);
    }

    @Override
    public void destroy() {
        heartbeats.shutdown();
    }
}
