package org.fountain;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Fountain: a community portal around a live astronomical alert stream. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FountainApplication {

    public static void main(String[] args) {
        SpringApplication.run(FountainApplication.class, args);
    }
}
