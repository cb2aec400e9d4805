package org.fountain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.fountain.accounts.Accounts;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.FilterVersion;
import org.fountain.filters.Filters;
import org.fountain.filters.Visibility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A filter and its version history are written in one PostgreSQL transaction, however many edits race. */
class ConcurrentEditsTest extends FountainIntegrationTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Filters filters;

    @Autowired
    org.fountain.filters.storage.StoredFilters stored;

    @Test
    void parallelEditsOfOneFilterAllSucceedWithContiguousVersions() throws Exception {
        accounts.register("edits-eve", "eve-password");
        Filter filter = filters.create(
                "edits-eve",
                new FilterDraft("Raced", "", "candidate.magpsf < 18.0", "ztf", Visibility.PRIVATE, true, false));
        int edits = 40;
        int rounds = 3;
        ExecutorService pool = Executors.newFixedThreadPool(edits);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Filter>> done = new ArrayList<>();
        try {
            // through the service as the API and pages save (each compiles first), then straight to storage, where
            // the edits meet with nothing to stagger them
            for (int i = 0; i < edits; i++) {
                String expression = "candidate.magpsf < " + (10 + i) + ".5";
                done.add(pool.submit(() -> {
                    start.await();
                    return filters.update(
                            filter.id(),
                            "edits-eve",
                            new FilterDraft("Raced", "", expression, "ztf", Visibility.PRIVATE, true, false));
                }));
            }
            start.countDown();
            for (Future<Filter> edit : done) {
                assertThat(edit.get(60, TimeUnit.SECONDS).id()).isEqualTo(filter.id());
            }
            for (int round = 1; round < rounds; round++) {
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(edits);
                done.clear();
                for (int i = 0; i < edits; i++) {
                    String expression = "candidate.magpsf < " + (10 + i) + ".25";
                    done.add(pool.submit(() -> {
                        together.await();
                        return stored.update(
                                        filter.id(),
                                        "edits-eve",
                                        new FilterDraft(
                                                "Raced", "", expression, "ztf", Visibility.PRIVATE, true, false))
                                .orElseThrow();
                    }));
                }
                for (Future<Filter> edit : done) {
                    assertThat(edit.get(60, TimeUnit.SECONDS).id()).isEqualTo(filter.id());
                }
            }
        } finally {
            pool.shutdownNow();
        }

        List<FilterVersion> versions = filters.versions(filter.id(), "edits-eve");
        assertThat(versions)
                .extracting(FilterVersion::version)
                // the newest 100 are kept (fountain.filters.versions-kept): contiguous, none lost in between
                .containsExactlyElementsOf(IntStream.rangeClosed(rounds * edits + 1 - 99, rounds * edits + 1)
                        .boxed()
                        .sorted((a, b) -> b - a)
                        .toList());
        // the newest version is what the filter now holds
        assertThat(versions.get(0).expression())
                .isEqualTo(filters.find(filter.id(), "edits-eve").expression());
    }
}
