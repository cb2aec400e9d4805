package org.fountain.archive.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import org.fountain.accounts.Credentials;
import org.fountain.archive.MatchHistory;
import org.fountain.filters.FilterNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/matches")
@Tag(name = "Matches", description = "Your match history from the archive")
class HistoryApi {

    private final MatchHistory history;
    private final MatchStreams streams;

    private final Credentials credentials;

    HistoryApi(MatchHistory history, MatchStreams streams, Credentials credentials) {
        this.credentials = credentials;
        this.history = history;
        this.streams = streams;
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

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Your matches as they are made, as server-sent events",
            description = "Each event is one match (event: match, data: the match as JSON), its id a cursor. Reconnect"
                    + " with Last-Event-ID (curl -N, or any EventSource) to resume exactly after the last one you"
                    + " received, missing none; since=<cursor> does the same on a first connection; without either"
                    + " the stream starts now. Matches arrive about five seconds after they are made (read from the"
                    + " archive once settled). A comment every 15 s keeps the connection open through proxies. The"
                    + " stream ends when what signed it in no longer does (the token revoked or expired, the session"
                    + " signed out, the account disabled, its password or role changed), and after an hour, when a"
                    + " client resumes with Last-Event-ID.")
    SseEmitter stream(
            Principal user,
            @Parameter(description = "one of your filters, or all") @RequestParam(required = false) Long filter,
            @Parameter(description = "start after this cursor") @RequestParam(required = false) String since,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request) {
        return streams.open(
                credentials.current(request, user),
                filter,
                lastEventId != null && !lastEventId.isBlank() ? lastEventId : since);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooMany(MatchStreams.TooManyStreams e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle("Too many match streams");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, "60")
                .body(problem);
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
