package org.fountain;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The ground a module's own test ({@code @ApplicationModuleTest}) stands on: the JVM's embedded PostgreSQL and broker,
 * shared with the full application's tests, and no mock stream. A module test starts only its module (and, by its
 * mode, those it depends on), so it sees what the module publishes and what it does with what others publish.
 */
// the administrator's password as the full application's tests set it: whichever context starts first creates the
// account
@TestPropertySource(
        properties = {
            "fountain.simulator.enabled=false",
            "fountain.accounts.admin-password=test-admin-password",
            "spring.kafka.listener.auto-startup=false"
        })
public abstract class ModuleTestSupport {

    @DynamicPropertySource
    static void embeddedServices(DynamicPropertyRegistry registry) {
        FountainIntegrationTest.SERVICES.springProperties().forEach((key, value) -> registry.add(key, () -> value));
    }
}
