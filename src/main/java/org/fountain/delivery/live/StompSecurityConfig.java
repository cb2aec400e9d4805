package org.fountain.delivery.live;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.socket.EnableWebSocketSecurity;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;

/**
 * Deny-by-default message security: a signed-in user may connect and subscribe to their own match queue; nothing
 * else, in particular no sending to the broker and no subscribing to anyone else's destinations.
 */
@Configuration
@EnableWebSocketSecurity
class StompSecurityConfig {

    @Bean
    AuthorizationManager<Message<?>> messageAuthorizationManager(
            MessageMatcherDelegatingAuthorizationManager.Builder messages) {
        messages.simpTypeMatchers(
                        SimpMessageType.CONNECT,
                        SimpMessageType.HEARTBEAT,
                        SimpMessageType.UNSUBSCRIBE,
                        SimpMessageType.DISCONNECT)
                .authenticated()
                .simpSubscribeDestMatchers("/user/queue/matches")
                .authenticated()
                .anyMessage()
                .denyAll();
        return messages.build();
    }
}
