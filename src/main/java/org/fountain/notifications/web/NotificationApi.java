package org.fountain.notifications.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.fountain.filters.FilterNotFoundException;
import org.fountain.notifications.NotificationTarget;
import org.fountain.notifications.NotificationTargets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/filters/{filterId}/notifications")
@Tag(name = "Notifications", description = "Webhooks and e-mail digests of your filters' matches")
class NotificationApi {

    private final NotificationTargets targets;

    NotificationApi(NotificationTargets targets) {
        this.targets = targets;
    }

    /**
     * A new notification.
     *
     * @param kind {@code WEBHOOK} or {@code EMAIL}
     * @param target the URL or the address
     * @param slack a webhook posting Slack's {@code {"text": …}}
     * @param digestMinutes an e-mail digest at most this often
     */
    public record Draft(
            NotificationTarget.Kind kind,
            String target,
            @Nullable Boolean slack,
            @Nullable Integer digestMinutes) {}

    /** A notification made; a webhook's secret is shown this once. */
    public record Made(
            NotificationTarget notification, @Nullable String secret) {}

    @GetMapping
    @Operation(summary = "The notifications of one of your filters")
    List<NotificationTarget> list(@PathVariable long filterId, Principal user) {
        return targets.of(user.getName(), filterId);
    }

    @PostMapping
    @Operation(
            summary = "Send this filter's matches to a webhook or as an e-mail digest",
            description = "A webhook receives JSON POSTs signed with HMAC-SHA256 (X-Fountain-Signature: sha256=<hex>"
                    + " of \"<X-Fountain-Timestamp>.<body>\" with the secret returned here, once). An e-mail address"
                    + " receives a link to confirm it first.")
    ResponseEntity<Made> add(@PathVariable long filterId, @RequestBody Draft draft, Principal user) {
        NotificationTargets.Created created = draft.kind() == NotificationTarget.Kind.WEBHOOK
                ? targets.addWebhook(user.getName(), filterId, draft.target(), Boolean.TRUE.equals(draft.slack()))
                : targets.addEmail(
                        user.getName(),
                        filterId,
                        draft.target(),
                        draft.digestMinutes() == null ? 60 : draft.digestMinutes());
        return ResponseEntity.created(URI.create("/api/filters/" + filterId + "/notifications/"
                        + created.target().id()))
                .body(new Made(created.target(), created.secret()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long filterId, @PathVariable long id, Principal user) {
        return targets.delete(user.getName(), id)
                ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    @PostMapping("/{id}/resume")
    ResponseEntity<NotificationTarget> resume(@PathVariable long filterId, @PathVariable long id, Principal user) {
        return targets.resume(user.getName(), id)
                ? ResponseEntity.of(targets.find(user.getName(), id))
                : ResponseEntity.notFound().build();
    }

    @ExceptionHandler
    ProblemDetail badRequest(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad notification");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(FilterNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("No such filter");
        return problem;
    }
}
