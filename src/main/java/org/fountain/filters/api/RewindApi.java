package org.fountain.filters.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import org.fountain.filters.FilterDraft;
import org.fountain.filters.rewind.Rewind;
import org.fountain.filters.rewind.Rewinds;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test an expression on the last hours of the stream before saving it; poll for progress, cancel at will. */
@RestController
@RequestMapping("/api/rewinds")
@Tag(name = "Rewind", description = "Test an unsaved filter on the alerts still retained in Kafka")
class RewindApi {

    private final Rewinds rewinds;

    RewindApi(Rewinds rewinds) {
        this.rewinds = rewinds;
    }

    @PostMapping
    @Operation(summary = "Start a rewind (202); poll its Location for progress and matches")
    ResponseEntity<Rewind> start(Principal user, @Valid @RequestBody RewindRequest request) {
        String stream = FilterDraft.streamOrDefault(request.stream());
        Rewind rewind = rewinds.start(
                user.getName(), stream, request.expression(), request.hours() == null ? 24 : request.hours());
        return ResponseEntity.accepted()
                .location(URI.create("/api/rewinds/" + rewind.id()))
                .body(rewind);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Progress, match count, rate per hour and the first matches of your rewind")
    Rewind progress(Principal user, @PathVariable String id) {
        return rewinds.find(id, user.getName());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel your rewind")
    Rewind cancel(Principal user, @PathVariable String id) {
        return rewinds.cancel(id, user.getName());
    }
}
