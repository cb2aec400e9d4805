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

    /**
     * Every package of the application declares its null contract, so NullAway (run by the build on {@code @NullMarked}
     * code only) checks all of it: a package without one would be skipped silently.
     */
    @Test
    void everyPackageIsNullMarked() throws Exception {
        java.util.List<String> unmarked;
        try (var files = Files.walk(Path.of("src/main/java/org/fountain"))) {
            unmarked = files.filter(f -> f.toString().endsWith(".java"))
                    .map(Path::getParent)
                    .distinct()
                    .filter(dir -> !marked(dir.resolve("package-info.java")))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
        assertThat(unmarked).as("packages without @NullMarked").isEmpty();
        MODULES.forEach(module -> assertThat(module.getBasePackage().getName())
                .as("module %s", module.getDisplayName())
                .satisfies(name -> assertThat(
                                marked(Path.of("src/main/java", name.replace('.', '/'), "package-info.java")))
                        .isTrue()));
    }

    private static boolean marked(Path packageInfo) {
        try {
            return Files.exists(packageInfo)
                    && java.util.regex.Pattern.compile("(?m)^@(org\\.jspecify\\.annotations\\.)?NullMarked\\b")
                            .matcher(Files.readString(packageInfo))
                            .find();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
