package org.fountain.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.fountain.ModuleTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;

/** The accounts module alone: registering someone tells the other modules so, once and by name. */
@ApplicationModuleTest
class AccountsModuleTest extends ModuleTestSupport {

    @Autowired
    Accounts accounts;

    @Test
    void registeringPublishesWhoRegistered(Scenario scenario) {
        String name = "module-" + UUID.randomUUID().toString().substring(0, 8);

        scenario.stimulate(() -> accounts.register(name, "module-password-1"))
                .andWaitForEventOfType(UserRegistered.class)
                .matching(registered -> registered.username().equals(name))
                .toArriveAndVerify(registered -> assertThat(accounts.users())
                        .extracting(UserSummary::username)
                        .contains(name));
    }
}
