package org.fountain.filters.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.FilterNotFoundException;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.rewind.RewindBusyException;
import org.fountain.filters.rewind.RewindNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The filters API's errors, as RFC 9457 problem details. */
@RestControllerAdvice(assignableTypes = {FilterApi.class, RewindApi.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class FilterProblems {

    @ExceptionHandler
    ProblemDetail invalid(InvalidFilterException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(URI.create("/problems/invalid-filter"));
        problem.setTitle("Invalid filter");
        List<Map<String, Object>> problems =
                e.problems().stream().map(FilterProblems::describe).toList();
        problem.setProperty("problems", problems);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(FilterNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("/problems/filter-not-found"));
        problem.setTitle("No such filter");
        return problem;
    }

    @ExceptionHandler
    org.springframework.http.ResponseEntity<ProblemDetail> busy(RewindBusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setType(URI.create("/problems/rewind-busy"));
        problem.setTitle("Not now: rewinds and replays are limited");
        return org.springframework.http.ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .body(problem);
    }

    /** PostgreSQL cannot be reached: nothing was saved, and saying so beats a 500. Matching goes on meanwhile. */
    @ExceptionHandler
    org.springframework.http.ResponseEntity<ProblemDetail> databaseAway(
            org.springframework.dao.DataAccessResourceFailureException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The database cannot be reached, so nothing was saved; try again in a moment. Live matching goes on.");
        problem.setType(URI.create("/problems/database-unavailable"));
        problem.setTitle("Database unavailable");
        return org.springframework.http.ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(org.springframework.http.HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    @ExceptionHandler
    ProblemDetail noRewind(RewindNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(URI.create("/problems/rewind-not-found"));
        problem.setTitle("No such rewind");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail badRequest(MethodArgumentNotValidException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request is incomplete");
        problem.setType(URI.create("/problems/bad-request"));
        problem.setTitle("Bad request");
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
}
