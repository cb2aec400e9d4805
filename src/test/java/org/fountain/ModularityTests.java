package org.fountain;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void featureModulesOnlyUseEachOthersPublicApi() {
        ApplicationModules.of(FountainApplication.class).verify();
    }
}
