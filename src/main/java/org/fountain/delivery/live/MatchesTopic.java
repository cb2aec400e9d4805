package org.fountain.delivery.live;

import org.apache.kafka.clients.admin.NewTopic;
import org.fountain.delivery.DeliveryProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration
class MatchesTopic {

    @Bean
    NewTopic fountainMatchesTopic(DeliveryProperties properties) {
        return TopicBuilder.name(properties.matchesTopic())
                .partitions(properties.matchesPartitions())
                .build();
    }
}
