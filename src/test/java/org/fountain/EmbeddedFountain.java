package org.fountain;

import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs Fountain with everything embedded: {@code ./mvnw spring-boot:test-run}. Starts a single-node KRaft Kafka broker
 * and PostgreSQL on free ports in this process tree, then the portal with its mock stream. Ctrl-C stops the portal
 * first, then both services; their data lives in temporary folders that are removed on the way out.
 */
public final class EmbeddedFountain {

    private EmbeddedFountain() {}

    public static void main(String[] args) {
        System.setProperty("logging.config", "classpath:logback-embedded.xml");
        EmbeddedServices services = EmbeddedServices.start();
        LoggerFactory.getLogger(EmbeddedFountain.class)
                .info("Embedded Kafka broker at {}", services.kafkaBootstrapServers());
        services.springProperties().forEach(System::setProperty);
        // the mock stream is on by default only here, where it writes to a broker of its own
        if (System.getProperty("fountain.simulator.enabled") == null
                && System.getenv("FOUNTAIN_SIMULATOR_ENABLED") == null) {
            System.setProperty("fountain.simulator.enabled", "true");
        }
        SpringApplication application = new SpringApplication(FountainApplication.class);
        application.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context;
        try {
            context = application.run(args);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                context.close();
                            } finally {
                                services.close();
                            }
                        },
                        "fountain-embedded-shutdown"));
    }
}
