package org.fountain.filters.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.FilterNotFoundException;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.rewind.RewindBusyException;
import org.fountain.filters.rewind.RewindNotFoundException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The filters API's errors, as RFC 9457 problem details. */
@RestControllerAdvice(assignableTypes = {FilterApi.class, RewindApi.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class FilterProblems {

    @ExceptionHandler
    ProblemDetail invalid(InvalidFilterException e) {
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, "/problems/invalid-filter", "Invalid filter", e.getMessage());
        List<Map<String, Object>> problems =
                e.problems().stream().map(FilterProblems::describe).toList();
        problem.setProperty("problems", problems);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(FilterNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "/problems/filter-not-found", "No such filter", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> busy(RewindBusyException e) {
        ProblemDetail problem = problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "/problems/rewind-busy",
                "Not now: rewinds and replays are limited",
                e.getMessage());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .body(problem);
    }

    /** PostgreSQL cannot be reached: nothing was saved, and saying so beats a 500. Matching goes on meanwhile. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> databaseAway(DataAccessResourceFailureException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The database cannot be reached, so nothing was saved; try again in a moment. Live matching goes on.");
        problem.setType(URI.create("/problems/database-unavailable"));
        problem.setTitle("Database unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    @ExceptionHandler
    ProblemDetail noRewind(RewindNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "/problems/rewind-not-found", "No such rewind", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail badRequest(MethodArgumentNotValidException e) {
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, "/problems/bad-request", "Bad request", "the request is incomplete");
        problem.setProperty(
                "fields",
                e.getBindingResult().getFieldErrors().stream()
                        .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                        .toList());
        return problem;
    }

    /** The problems as the API shows them. */
    static List<Map<String, Object>> describe(List<ExpressionProblem> problems) {
        return problems.stream().map(FilterProblems::describe).toList();
    }

    private static Map<String, Object> describe(ExpressionProblem p) {
        return Map.of("line", p.line(), "column", p.column(), "message", p.message());
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        problem.setTitle(title);
        return problem;
    }
}
