package org.fountain.archive.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import org.fountain.archive.AlertView;
import org.fountain.archive.ArchivedAlerts;
import org.fountain.archive.ObjectView;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
@Tag(name = "Alerts", description = "Archived alerts your filters matched: fields, light curve, cutouts")
class AlertApi {

    private static final MediaType FITS = MediaType.parseMediaType("application/fits");

    private final ArchivedAlerts alerts;

    AlertApi(ArchivedAlerts alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/alerts/{stream}/{alertId}")
    @Operation(summary = "An alert one of your filters matched: its fields, light curve and links to its cutouts")
    ResponseEntity<AlertView> alert(Principal user, @PathVariable String stream, @PathVariable long alertId) {
        return ResponseEntity.of(alerts.find(user.getName(), stream, alertId));
    }

    @GetMapping("/objects/{stream}/{objectId}")
    @Operation(summary = "An object: its archived alerts your filters matched, and their light curve together")
    ResponseEntity<ObjectView> object(Principal user, @PathVariable String stream, @PathVariable String objectId) {
        return ResponseEntity.of(alerts.object(user.getName(), stream, objectId));
    }

    @GetMapping("/alerts/{stream}/{alertId}/cutouts/{kind}.png")
    @Operation(
            summary = "A cutout (science, template, difference) as a PNG: zscale limits, stretched linearly or with"
                    + " stretch=asinh")
    ResponseEntity<byte[]> png(
            Principal user,
            @PathVariable String stream,
            @PathVariable long alertId,
            @PathVariable String kind,
            @RequestParam(defaultValue = "linear") String stretch)
            throws IOException {
        return alerts.cutout(user.getName(), stream, alertId, kind, true, "asinh".equals(stretch))
                .map(bytes -> ResponseEntity.ok()
                        .contentType(MediaType.IMAGE_PNG)
                        .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
                        .body(bytes))
                .orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/alerts/{stream}/{alertId}/cutouts/{kind}.fits")
    @Operation(summary = "A cutout (science, template, difference) as the FITS file the alert carried")
    ResponseEntity<byte[]> fits(
            Principal user, @PathVariable String stream, @PathVariable long alertId, @PathVariable String kind)
            throws IOException {
        return alerts.cutout(user.getName(), stream, alertId, kind, false)
                .map(bytes -> ResponseEntity.ok()
                        .contentType(FITS)
                        .header(
                                HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment()
                                        .filename(stream + "-" + alertId + "-" + kind + ".fits")
                                        .build()
                                        .toString())
                        .body(bytes))
                .orElse(ResponseEntity.notFound().build());
    }
}
