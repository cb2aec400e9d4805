package org.fountain.notifications.web;

import java.security.Principal;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterNotFoundException;
import org.fountain.filters.Filters;
import org.fountain.notifications.NotificationTargets;
import org.springframework.http.HttpStatus;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A filter's notifications page: its webhooks and e-mail digests, added, resumed and deleted by its owner. */
@Controller
class NotificationPages {

    private final NotificationTargets targets;
    private final Filters filters;

    NotificationPages(NotificationTargets targets, Filters filters) {
        this.targets = targets;
        this.filters = filters;
    }

    private Filter own(long id, Principal user) {
        try {
            return filters.find(id, user.getName());
        } catch (FilterNotFoundException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such filter of yours");
        }
    }

    @GetMapping("/filters/{id}/notifications")
    String page(@PathVariable long id, Principal user, Model model) {
        model.addAttribute("filter", own(id, user));
        model.addAttribute("targets", targets.of(user.getName(), id));
        return "filters/notifications";
    }

    @PostMapping("/filters/{id}/notifications/webhook")
    String webhook(
            @PathVariable long id,
            @RequestParam String url,
            @RequestParam(defaultValue = "false") boolean slack,
            Principal user,
            RedirectAttributes redirect) {
        own(id, user);
        try {
            var created = targets.addWebhook(user.getName(), id, url, slack);
            redirect.addFlashAttribute("secret", created.secret());
            redirect.addFlashAttribute("message", "Matches of this filter will be posted to " + url.strip() + ".");
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage() + ".");
        }
        return "redirect:/filters/" + id + "/notifications";
    }

    @PostMapping("/filters/{id}/notifications/email")
    String email(
            @PathVariable long id,
            @RequestParam String address,
            @RequestParam(defaultValue = "60") int minutes,
            Principal user,
            RedirectAttributes redirect) {
        own(id, user);
        try {
            targets.addEmail(user.getName(), id, address, minutes);
            redirect.addFlashAttribute(
                    "message", "A link was sent to " + address.strip() + ": digests start once you follow it.");
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage() + ".");
        } catch (MailException e) {
            redirect.addFlashAttribute("error", "The mail server did not take the confirmation: " + e.getMessage());
        }
        return "redirect:/filters/" + id + "/notifications";
    }

    @PostMapping("/filters/{id}/notifications/{target}/delete")
    String delete(@PathVariable long id, @PathVariable long target, Principal user, RedirectAttributes redirect) {
        boolean deleted = targets.delete(user.getName(), target);
        redirect.addFlashAttribute(
                deleted ? "message" : "error", deleted ? "Deleted." : "No such notification of yours.");
        return "redirect:/filters/" + id + "/notifications";
    }

    @PostMapping("/filters/{id}/notifications/{target}/resume")
    String resume(@PathVariable long id, @PathVariable long target, Principal user, RedirectAttributes redirect) {
        boolean resumed = targets.resume(user.getName(), target);
        redirect.addFlashAttribute(
                resumed ? "message" : "error", resumed ? "Sending again." : "No such notification of yours.");
        return "redirect:/filters/" + id + "/notifications";
    }

    @GetMapping("/notifications/confirm/{token}")
    String confirm(@PathVariable String token, Principal user, Model model) {
        model.addAttribute("confirmed", targets.confirm(user.getName(), token));
        return "filters/notification-confirmed";
    }
}
