package org.fountain;

import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's {@link JsonMapper}, as Spring Boot makes it (every {@code spring.jackson.*} setting and module
 * applied through Boot's customizers) but recycling its buffers per thread: every thread that writes or reads JSON on
 * the hot path (matcher, live relay and flush, archive, notifications) is long-lived, which is what a per-thread pool
 * suits. With 100,000 filters the matcher's threads spent a quarter of their samples in the default pool's shared
 * deque ({@code pollFirst}; JFR, {@code MatchingLoad}); with this pool the same share moved to its thread-local
 * lookup and the drain did not change, so this is kept as the configuration the live load was measured with, not as
 * a proven gain (why acquiring a buffer costs that much there is not established).
 */
@Configuration(proxyBeanMethods = false)
class JsonBuffers {

    @Bean
    JsonMapper jsonMapper(List<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.threadLocalPool())
                .build());
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }
}
