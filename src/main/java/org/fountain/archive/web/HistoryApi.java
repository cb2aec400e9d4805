package org.fountain.archive.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import org.fountain.archive.MatchHistory;
import org.fountain.filters.FilterNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/matches")
@Tag(name = "Matches", description = "Your match history from the archive")
class HistoryApi {

    private final MatchHistory history;

    HistoryApi(MatchHistory history) {
        this.history = history;
    }

    @GetMapping
    @Operation(
            summary = "Your matches, newest first, a page at a time",
            description = "The matches of your filters and of the public filters you follow. Page back with"
                    + " before=<next of the previous page>; ask for everything after a match you saw, oldest first,"
                    + " with after=<its cursor>.")
    MatchHistory.Page matches(
            Principal user,
            @Parameter(description = "one of your filters, or all") @RequestParam(required = false) Long filter,
            @RequestParam(required = false) String before,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String band,
            @Parameter(description = "only magnitudes below this") @RequestParam(required = false) Double brighter,
            @Parameter(description = "only magnitudes above this") @RequestParam(required = false) Double fainter,
            @RequestParam(required = false) String objectId,
            @RequestParam(required = false) Integer limit) {
        return history.page(
                user.getName(),
                new MatchHistory.Query(filter, before, after, band, brighter, fainter, objectId, limit));
    }

    @ExceptionHandler
    ProblemDetail badRequest(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create("/problems/bad-history-request"));
        problem.setTitle("Bad history request");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(FilterNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("/problems/filter-not-found"));
        problem.setTitle("No such filter");
        return problem;
    }
}
