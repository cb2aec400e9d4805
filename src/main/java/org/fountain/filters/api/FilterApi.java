package org.fountain.filters.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.FilterVersion;
import org.fountain.filters.Filters;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.PublicFilter;
import org.fountain.filters.language.AstronomyFunctions;
import org.fountain.filters.language.FieldDescription;
import org.fountain.filters.language.FilterFunction;
import org.fountain.filters.rewind.Rewind;
import org.fountain.filters.rewind.Rewinds;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Filters over JSON. Errors are RFC 9457 problem details; an invalid expression lists each problem with its line and
 * column. A private filter of someone else is a 404, as if it did not exist.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Filters", description = "Create, check, share and follow filters")
class FilterApi {

    private final Filters filters;
    private final Rewinds rewinds;

    FilterApi(Filters filters, Rewinds rewinds) {
        this.filters = filters;
        this.rewinds = rewinds;
    }

    @GetMapping("/filters")
    @Operation(summary = "Your filters")
    List<Filter> mine(Principal user) {
        return filters.ownedBy(user.getName());
    }

    @PostMapping("/filters")
    @Operation(summary = "Create a filter; it is live as soon as it is saved")
    ResponseEntity<Filter> create(Principal user, @Valid @RequestBody FilterRequest request) {
        Filter created = filters.create(user.getName(), request.toDraft());
        return ResponseEntity.created(URI.create("/api/filters/" + created.id()))
                .body(created);
    }

    @GetMapping("/filters/{id}")
    @Operation(summary = "A filter you own, or a public one")
    Filter one(Principal user, @PathVariable long id) {
        return filters.findVisible(id, user.getName());
    }

    @PutMapping("/filters/{id}")
    @Operation(summary = "Save a new version of a filter you own")
    Filter update(Principal user, @PathVariable long id, @Valid @RequestBody FilterRequest request) {
        return filters.update(id, user.getName(), request.toDraft());
    }

    @DeleteMapping("/filters/{id}")
    @Operation(summary = "Delete a filter you own")
    ResponseEntity<Void> delete(Principal user, @PathVariable long id) {
        filters.delete(id, user.getName());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/filters/validate")
    @Operation(
            summary = "Check an expression without saving it",
            description = "Answers {valid: true} or {valid: false, problems: [{line, column, message}]}: an invalid"
                    + " expression is this request's answer, not its error (saving one answers 400).")
    Map<String, Object> validate(@Valid @RequestBody ValidationRequest request) {
        String stream = FilterDraft.streamOrDefault(request.stream());
        try {
            filters.validate(stream, request.expression());
        } catch (InvalidFilterException e) {
            return Map.of("valid", false, "stream", stream, "problems", FilterProblems.describe(e.problems()));
        }
        return Map.of("valid", true, "stream", stream);
    }

    @GetMapping("/filters/{id}/versions")
    @Operation(summary = "Every saved version of a filter you own, newest first")
    List<FilterVersion> versions(Principal user, @PathVariable long id) {
        return filters.versions(id, user.getName());
    }

    @PostMapping("/filters/{id}/versions/{version}/revert")
    @Operation(summary = "Save an earlier version again, as the newest")
    Filter revert(Principal user, @PathVariable long id, @PathVariable int version) {
        return filters.revert(id, version, user.getName());
    }

    @PostMapping("/filters/{id}/replay")
    @Operation(summary = "Replay a filter you own over the last hours into its feed; poll the rewind for progress")
    ResponseEntity<Rewind> replay(
            Principal user, @PathVariable long id, @RequestBody(required = false) ReplayRequest request) {
        Filter filter = filters.find(id, user.getName());
        Rewind rewind = rewinds.replay(
                user.getName(), filter, request == null || request.hours() == null ? 24 : request.hours());
        return ResponseEntity.accepted()
                .location(URI.create("/api/rewinds/" + rewind.id()))
                .body(rewind);
    }

    /** How far back to replay. */
    record ReplayRequest(Integer hours) {}

    @GetMapping("/filters/public")
    @Operation(summary = "Public filters, most followed first")
    List<PublicFilter> publicFilters(Principal user) {
        return filters.publicFilters(user.getName());
    }

    @PostMapping("/filters/{id}/follow")
    @Operation(
            summary = "Receive a public filter's matches too",
            description = "With replays=true, also the matches its owner replays from retained alerts (marked"
                    + " \"replay\": true); following again with replays=false stops them.")
    ResponseEntity<Void> follow(
            Principal user, @PathVariable long id, @RequestParam(defaultValue = "false") boolean replays) {
        filters.follow(id, user.getName(), replays);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/filters/{id}/follow")
    @Operation(summary = "Stop following a filter")
    ResponseEntity<Void> unfollow(Principal user, @PathVariable long id) {
        filters.unfollow(id, user.getName());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/filters/{id}/copy")
    @Operation(summary = "Copy a filter you can see into a private one of your own")
    ResponseEntity<Filter> copy(Principal user, @PathVariable long id) {
        Filter copy = filters.copy(id, user.getName());
        return ResponseEntity.created(URI.create("/api/filters/" + copy.id())).body(copy);
    }

    @GetMapping("/streams")
    @Operation(summary = "The streams filters can read")
    List<String> streams() {
        return filters.streams();
    }

    @GetMapping("/filters/functions")
    @Operation(summary = "The functions filters can call besides CEL's own: name, parameters, result, what they give")
    List<FilterFunction> functions() {
        return AstronomyFunctions.FUNCTIONS;
    }

    @GetMapping("/streams/{stream}/fields")
    @Operation(summary = "The fields a stream's filters can use, with type and documentation")
    List<FieldDescription> fields(@PathVariable String stream) {
        return filters.fields(stream);
    }
}
