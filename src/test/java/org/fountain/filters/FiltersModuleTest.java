package org.fountain.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.fountain.ModuleTestSupport;
import org.fountain.accounts.Accounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;

/**
 * The filters module with the modules it uses (accounts, alerts): what it does when someone registers, and what it
 * tells the others when a filter changes.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.DIRECT_DEPENDENCIES)
class FiltersModuleTest extends ModuleTestSupport {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Test
    void someoneWhoRegistersFollowsEveryPublicExampleFilter(Scenario scenario) {
        String name = newName();
        List<Long> examples = filters.publicFilters(name).stream()
                .map(PublicFilter::filter)
                .filter(f ->
                        ExampleFilters.EXAMPLES.stream().anyMatch(e -> e.name().equals(f.name())))
                .map(Filter::id)
                .toList();
        assertThat(examples).isNotEmpty();

        scenario.stimulate(() -> accounts.register(name, "module-password-1"))
                .andWaitForStateChange(() -> filters.followedBy(name), followed -> !followed.isEmpty())
                .andVerify(
                        followed -> assertThat(followed).extracting(Filter::id).containsAll(examples));
    }

    @Test
    void savingAFilterTellsTheOtherModulesWhichChanged(Scenario scenario) {
        String name = newName();
        accounts.register(name, "module-password-1");

        scenario.stimulate(() -> filters.create(name, FilterDraft.of("Module test", "candidate.magpsf < 18.0")))
                .andWaitForEventOfType(FilterChanged.class)
                .matching(changed -> filters.ownedBy(name).stream().anyMatch(f -> f.id() == changed.filterId()))
                .toArriveAndVerify(changed -> assertThat(
                                filters.find(changed.filterId(), name).name())
                        .isEqualTo("Module test"));
    }

    private static String newName() {
        return "module-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
