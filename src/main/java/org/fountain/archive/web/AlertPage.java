package org.fountain.archive.web;

import java.security.Principal;
import org.fountain.archive.AlertView;
import org.fountain.archive.ArchivedAlerts;
import org.fountain.archive.ObjectView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The alert page (what an astronomer decides on: light curve, cutouts, fields, links) and the object page (every
 * archived alert of the object, and their light curve together), for what the viewer's filters matched.
 */
@Controller
class AlertPage {

    private final ArchivedAlerts alerts;

    AlertPage(ArchivedAlerts alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/alerts/{stream}/{alertId}")
    String alert(Principal user, @PathVariable String stream, @PathVariable long alertId, Model model) {
        AlertView alert = alerts.find(user.getName(), stream, alertId)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "No alert " + alertId + " on " + stream + " that your filters matched"));
        model.addAttribute("alert", alert);
        return "alerts/alert";
    }

    @GetMapping("/objects/{stream}/{objectId}")
    String object(Principal user, @PathVariable String stream, @PathVariable String objectId, Model model) {
        ObjectView object = alerts.object(user.getName(), stream, objectId)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "No alert of " + objectId + " on " + stream + " that your filters matched"));
        model.addAttribute("object", object);
        model.addAttribute(
                "referenceMjd",
                object.alerts().stream()
                        .mapToDouble(ObjectView.ObjectAlert::mjd)
                        .max()
                        .orElse(0));
        return "alerts/object";
    }
}
