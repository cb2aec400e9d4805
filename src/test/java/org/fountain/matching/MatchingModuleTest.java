package org.fountain.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.fountain.ModuleTestSupport;
import org.fountain.accounts.Accounts;
import org.fountain.alerts.Alert;
import org.fountain.alerts.AlertDecoder;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterAudiences;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.Filters;
import org.fountain.filters.MatchedFilter;
import org.fountain.filters.Visibility;
import org.fountain.simulator.MockAlert;
import org.fountain.simulator.MockAlerts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;

/**
 * The matching module with what it stands on (filters, accounts, alerts): a filter saved, followed or deleted in the
 * filters module reaches the matcher through the event it publishes, before the caller goes on.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class MatchingModuleTest extends ModuleTestSupport {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    Matcher matcher;

    @Autowired
    FilterAudiences audiences;

    @Autowired
    AlertDecoder decoder;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aSavedFilterMatchesItsFollowersAreKnownToDeliveryAndItsDeletionReachesTheMatcher(Scenario scenario) {
        String owner = "module-o-" + run;
        String follower = "module-f-" + run;
        accounts.register(owner, "module-password-1");
        accounts.register(follower, "module-password-1");
        String objectId = "ZTF26mod" + run;
        Alert alert = decoder.read(
                                "ztf_20990101_programid1",
                                0,
                                0,
                                MockAlerts.containerFile(MockAlert.simple(objectId, 77, 2461000.5, 12.5, -7.5, 19.75)))
                        instanceof AlertDecoder.Decoded.Alerts decoded
                ? decoded.alerts().get(0)
                : null;
        assertThat(alert).isNotNull();

        Filter filter = filters.create(
                owner,
                new FilterDraft(
                        "Module match", "", "objectId == '" + objectId + "'", "ztf", Visibility.PUBLIC, true, false));
        assertThat(matcher.matchesFor(alert)).extracting(MatchedFilter::id).contains(filter.id());

        scenario.stimulate(() -> filters.follow(filter.id(), follower))
                .andWaitForStateChange(
                        () -> {
                            FilterAudiences.Audience audience = audiences.of(filter.id());
                            return audience == null ? java.util.Set.<String>of() : audience.followers();
                        },
                        followers -> !followers.isEmpty())
                .andVerify(followers -> assertThat(followers).containsExactly(follower));

        scenario.stimulate(() -> filters.delete(filter.id(), owner))
                .andWaitForStateChange(() -> matcher.matchesFor(alert).stream().noneMatch(m -> m.id() == filter.id()))
                .andVerify(gone -> assertThat(matcher.matchesFor(alert))
                        .extracting(MatchedFilter::id)
                        .doesNotContain(filter.id()));
    }
}
