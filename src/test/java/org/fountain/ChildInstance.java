package org.fountain;

import org.springframework.boot.SpringApplication;

/**
 * A second Fountain instance in a process of its own, for tests that kill one: {@code java -cp <test classpath>
 * org.fountain.ChildInstance --spring.kafka.bootstrap-servers=… …}. Prints {@code CHILD READY} once it runs.
 */
public final class ChildInstance {

    private ChildInstance() {}

    public static void main(String[] args) {
        new SpringApplication(FountainApplication.class).run(args);
        System.out.println("CHILD READY");
    }
}
