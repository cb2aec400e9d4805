package org.fountain.matching;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.fountain.filters.Filter;
import org.fountain.filters.Visibility;
import org.fountain.filters.language.FilterLanguage;
import org.fountain.filters.language.FilterProgram;

/** Compiled filters without a database, as the matcher holds them. */
final class TestFilters {

    private TestFilters() {}

    static CompiledFilter compile(FilterLanguage language, FieldIds ids, long id, String stream, String expression) {
        return compile(language, ids, id, "owner", expression, new FilterCounters(new AtomicLong()), stream);
    }

    static CompiledFilter compile(
            FilterLanguage language,
            FieldIds ids,
            long id,
            String owner,
            String expression,
            FilterCounters counters,
            String stream) {
        FilterProgram program = language.compile(expression);
        Filter filter = new Filter(
                id,
                owner,
                "filter " + id,
                "",
                expression,
                stream,
                Visibility.PRIVATE,
                true,
                false,
                null,
                Instant.EPOCH,
                Instant.EPOCH);
        return new CompiledFilter(filter, program, Conjuncts.of(program.ast(), ids), counters);
    }
}
