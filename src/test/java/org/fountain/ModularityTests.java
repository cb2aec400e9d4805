package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(FountainApplication.class);

    @Test
    void featureModulesOnlyUseEachOthersPublicApi() {
        MODULES.verify();
    }

    /**
     * Writes the module diagrams (PlantUML) into {@code docs/modules}, which the README links: they are regenerated on
     * every build, so a change to the modules shows as a change to the diagrams.
     */
    @Test
    void writesTheModuleDiagramsIntoDocs() throws Exception {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        Path all = Path.of("docs/modules/components.puml");
        assertThat(all).exists();
        String diagram = Files.readString(all);
        for (ApplicationModulesName name : ApplicationModulesName.values()) {
            assertThat(diagram).containsIgnoringCase("\"" + name.name() + "\"");
        }
    }

    /** The modules the diagram must show. */
    private enum ApplicationModulesName {
        ACCOUNTS,
        ADMIN,
        ALERTS,
        ARCHIVE,
        DELIVERY,
        FILTERS,
        INGEST,
        MATCHING,
        NOTIFICATIONS,
        SIMULATOR
    }
}
