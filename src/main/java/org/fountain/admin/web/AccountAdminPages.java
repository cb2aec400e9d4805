package org.fountain.admin.web;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.fountain.accounts.Accounts;
import org.fountain.accounts.Credentials;
import org.fountain.accounts.Role;
import org.fountain.accounts.UserSummary;
import org.fountain.admin.AdminAudit;
import org.fountain.filters.ActiveFilters;
import org.fountain.filters.Filter;
import org.fountain.filters.FilterHealth;
import org.fountain.filters.Filters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Users and every filter, and what an administrator may do to them; every action audited. */
@Controller
class AccountAdminPages {

    /** Filters listed at most, the costliest first. */
    static final int MAX_FILTERS = 500;

    private final Accounts accounts;
    private final Filters filters;
    private final ActiveFilters active;
    private final AdminAudit audit;

    private final Credentials credentials;

    AccountAdminPages(
            Accounts accounts, Filters filters, ActiveFilters active, AdminAudit audit, Credentials credentials) {
        this.credentials = credentials;
        this.accounts = accounts;
        this.filters = filters;
        this.active = active;
        this.audit = audit;
    }

    @GetMapping("/admin/users")
    String users(Model model, Principal who) {
        model.addAttribute("me", who.getName());
        List<UserSummary> users = accounts.users();
        Map<String, Long> owned = new HashMap<>();
        for (Filter f : active.changedSince(Instant.EPOCH)) {
            owned.merge(f.owner(), 1L, Long::sum);
        }
        model.addAttribute("users", users);
        model.addAttribute("owned", owned);
        model.addAttribute("registration", accounts.registration());
        model.addAttribute("waiting", accounts.awaitingApproval());
        return "admin/users";
    }

    @PostMapping("/admin/users/{username}/approve")
    String approve(@PathVariable String username, Principal who, RedirectAttributes redirect) {
        boolean approved = accounts.approve(username);
        audit.record(who.getName(), "approve", username, approved ? "done" : "not waiting");
        redirect.addAttribute(approved ? "approved" : "unknown", username);
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{username}/enable")
    String enable(@PathVariable String username, Principal who, RedirectAttributes redirect) {
        return act(
                who, "enable", username, redirect, () -> accounts.enable(username), username + " may sign in again.");
    }

    @PostMapping("/admin/users/{username}/disable")
    String disable(@PathVariable String username, Principal who, RedirectAttributes redirect) {
        return act(
                who,
                "disable",
                username,
                redirect,
                () -> accounts.disable(username, who.getName()),
                username + " is disabled: signed out at their next request, and cannot sign in.");
    }

    @PostMapping("/admin/users/{username}/role")
    String role(@PathVariable String username, @RequestParam Role role, Principal who, RedirectAttributes redirect) {
        return act(
                who,
                "make " + role.name().toLowerCase(Locale.ROOT),
                username,
                redirect,
                () -> accounts.changeRole(username, role, who.getName()),
                username + " is now " + role.name().toLowerCase(Locale.ROOT) + ".");
    }

    @PostMapping("/admin/users/{username}/password")
    String resetPassword(
            @PathVariable String username, Principal who, RedirectAttributes redirect, HttpServletRequest request) {
        var password = accounts.resetPassword(username);
        if (username.equals(who.getName())) {
            credentials.renew(request, who); // the administrator's own: this session goes on to show it
        }
        // the password itself is never audited or logged: it is shown once, here
        audit.record(who.getName(), "reset password", username, password.isPresent() ? "done" : "no such account");
        if (password.isPresent()) {
            redirect.addFlashAttribute("message", "The new password of " + username + " is shown once:");
            redirect.addFlashAttribute("newPassword", password.get());
        } else {
            redirect.addFlashAttribute("error", "No account " + username + ".");
        }
        return "redirect:/admin/users";
    }

    private String act(
            Principal who,
            String action,
            String username,
            RedirectAttributes redirect,
            BooleanSupplier change,
            String done) {
        String outcome;
        try {
            outcome = change.getAsBoolean() ? "done" : "nothing to change";
            redirect.addFlashAttribute(
                    "done".equals(outcome) ? "message" : "error",
                    "done".equals(outcome) ? done : "Nothing changed for " + username + ".");
        } catch (IllegalArgumentException e) {
            outcome = "refused: " + e.getMessage();
            redirect.addFlashAttribute("error", e.getMessage() + ".");
        }
        audit.record(who.getName(), action, username, outcome);
        return "redirect:/admin/users";
    }

    /** A filter as the list shows it: the filter, how it fared here, and its share of alerts matched. */
    record FilterRow(Filter filter, FilterHealth health) {

        public double matchedShare() {
            return health.evaluations() == 0 ? 0 : (double) health.matches() / health.evaluations();
        }
    }

    @GetMapping("/admin/filters")
    String filters(@RequestParam(required = false) String owner, Model model) {
        List<Filter> all = active.changedSince(Instant.EPOCH).stream()
                .filter(f -> owner == null || owner.isBlank() || f.owner().equals(owner))
                .toList();
        Map<Long, FilterHealth> health = filters.healthOf(all);
        List<FilterRow> rows = all.stream()
                .map(f -> new FilterRow(f, health.getOrDefault(f.id(), FilterHealth.NONE)))
                .sorted(Comparator.comparingDouble((FilterRow r) -> r.health().costSeconds())
                        .reversed()
                        .thenComparing(r -> r.filter().id()))
                .limit(MAX_FILTERS)
                .toList();
        model.addAttribute("rows", rows);
        model.addAttribute("total", all.size());
        model.addAttribute("owner", owner);
        return "admin/filters";
    }

    @PostMapping("/admin/filters/{id}/pause")
    String pause(@PathVariable long id, @RequestParam String reason, Principal who, RedirectAttributes redirect) {
        String why = reason.strip();
        if (why.isEmpty() || why.length() > 500) {
            redirect.addFlashAttribute("error", "Give a reason its owner will read (at most 500 characters).");
            return "redirect:/admin/filters";
        }
        var filter = active.find(id);
        if (filter.isEmpty()) {
            audit.record(who.getName(), "pause filter", "filter " + id, "not active");
            redirect.addFlashAttribute("error", "Filter " + id + " is not running.");
            return "redirect:/admin/filters";
        }
        active.pause(id, "Paused by an administrator: " + why);
        audit.record(
                who.getName(),
                "pause filter",
                "filter " + id + " of " + filter.get().owner(),
                "paused: " + why);
        redirect.addFlashAttribute("message", "Filter " + id + " is paused; its owner sees why.");
        return "redirect:/admin/filters";
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(defaultValue = "0") long before, Model model) {
        List<AdminAudit.Action> actions = audit.newest(before, 100);
        model.addAttribute("actions", actions);
        model.addAttribute(
                "older", actions.size() == 100 ? actions.get(actions.size() - 1).id() : null);
        return "admin/audit";
    }
}
