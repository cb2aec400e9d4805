package org.fountain.filters.web;

import jakarta.validation.Valid;
import java.security.Principal;
import java.util.List;
import org.fountain.filters.ExampleFilters;
import org.fountain.filters.ExpressionProblem;
import org.fountain.filters.Filter;
import org.fountain.filters.Filters;
import org.fountain.filters.InvalidFilterException;
import org.fountain.filters.language.AstronomyFunctions;
import org.fountain.filters.language.FilterFunction;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** "My filters": list, create, edit and delete the signed-in user's filters. */
@Controller
@RequestMapping("/filters")
class FilterPages {

    private final Filters filters;

    FilterPages(Filters filters) {
        this.filters = filters;
    }

    @GetMapping
    String list(Principal user, Model model) {
        List<Filter> owned = filters.ownedBy(user.getName());
        List<Filter> followed = filters.followedBy(user.getName());
        model.addAttribute("filters", owned);
        model.addAttribute("followed", followed);
        model.addAttribute("replaysFollowed", filters.replaysFollowedBy(user.getName()));
        model.addAttribute("health", filters.healthOf(owned));
        return "filters/list";
    }

    /** The functions the editor's help lists (from the one registry the API and the language use too). */
    @ModelAttribute("functions")
    List<FilterFunction> functions() {
        return AstronomyFunctions.FUNCTIONS;
    }

    /** The editor's gallery, from the same list the first run's public examples come from. */
    @ModelAttribute("examples")
    List<ExampleFilters.Example> examples() {
        return ExampleFilters.GALLERY;
    }

    @ModelAttribute("streams")
    List<String> streams() {
        return filters.streams();
    }

    @GetMapping("/new")
    String newForm(Model model) {
        model.addAttribute("form", new FilterForm());
        model.addAttribute("filterId", null);
        return "filters/edit";
    }

    @GetMapping("/public")
    String publicFilters(Principal user, Model model) {
        model.addAttribute("filters", filters.publicFilters(user.getName()));
        model.addAttribute("me", user.getName());
        return "filters/public";
    }

    @PostMapping("/{id}/follow")
    String follow(Principal user, @PathVariable long id, RedirectAttributes redirect) {
        Filter filter = filters.findVisible(id, user.getName());
        try {
            filters.follow(id, user.getName());
        } catch (InvalidFilterException e) {
            redirect.addFlashAttribute("error", "Not followed: " + e.getMessage());
            return "redirect:/filters/public";
        }
        redirect.addFlashAttribute(
                "message", "Following \u201c" + filter.name() + "\u201d: its matches reach your dashboard.");
        return "redirect:/filters/public";
    }

    @PostMapping("/{id}/replays")
    String followReplays(Principal user, @PathVariable long id, @RequestParam boolean on, RedirectAttributes redirect) {
        Filter filter = filters.findVisible(id, user.getName());
        filters.follow(id, user.getName(), on);
        redirect.addFlashAttribute(
                "message",
                on
                        ? "Replays of \u201c" + filter.name()
                                + "\u201d now reach your dashboard too, marked as replays."
                        : "Replays of \u201c" + filter.name() + "\u201d no longer reach you; its live matches do.");
        return "redirect:/filters";
    }

    @PostMapping("/{id}/unfollow")
    String unfollow(Principal user, @PathVariable long id, RedirectAttributes redirect) {
        filters.unfollow(id, user.getName());
        redirect.addFlashAttribute("message", "No longer following that filter.");
        return "redirect:/filters";
    }

    @PostMapping("/{id}/copy")
    String copy(Principal user, @PathVariable long id, RedirectAttributes redirect) {
        try {
            Filter copy = filters.copy(id, user.getName());
            redirect.addFlashAttribute("message", "Copied as \u201c" + copy.name() + "\u201d (private).");
            return "redirect:/filters/" + copy.id() + "/edit";
        } catch (InvalidFilterException e) {
            redirect.addFlashAttribute("message", e.getMessage());
            return "redirect:/filters/public";
        }
    }

    @PostMapping
    String create(
            Principal user,
            @Valid @ModelAttribute("form") FilterForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        model.addAttribute("filterId", null);
        if (errors.hasErrors()) {
            return "filters/edit";
        }
        try {
            Filter created = filters.create(user.getName(), form.toDraft());
            redirect.addFlashAttribute("message", "Filter \u201c" + created.name() + "\u201d saved and live.");
            return "redirect:/filters";
        } catch (InvalidFilterException e) {
            reject(errors, e);
            return "filters/edit";
        }
    }

    @GetMapping("/{id}/edit")
    String editForm(Principal user, @PathVariable long id, Model model) {
        model.addAttribute("form", FilterForm.of(filters.find(id, user.getName())));
        model.addAttribute("filterId", id);
        model.addAttribute("versions", filters.versions(id, user.getName()));
        return "filters/edit";
    }

    @PostMapping("/{id}/versions/{version}/revert")
    String revert(Principal user, @PathVariable long id, @PathVariable int version, RedirectAttributes redirect) {
        try {
            filters.revert(id, version, user.getName());
            redirect.addFlashAttribute("message", "Version " + version + " restored as the newest version.");
        } catch (InvalidFilterException e) {
            redirect.addFlashAttribute("message", "Version " + version + " no longer compiles: " + e.getMessage());
        }
        return "redirect:/filters/" + id + "/edit";
    }

    @PostMapping("/{id}")
    String update(
            Principal user,
            @PathVariable long id,
            @Valid @ModelAttribute("form") FilterForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        filters.find(id, user.getName());
        model.addAttribute("filterId", id);
        model.addAttribute("versions", filters.versions(id, user.getName()));
        if (errors.hasErrors()) {
            return "filters/edit";
        }
        try {
            Filter updated = filters.update(id, user.getName(), form.toDraft());
            redirect.addFlashAttribute("message", "Filter \u201c" + updated.name() + "\u201d updated.");
            return "redirect:/filters";
        } catch (InvalidFilterException e) {
            reject(errors, e);
            return "filters/edit";
        }
    }

    @PostMapping("/{id}/delete")
    String delete(Principal user, @PathVariable long id, RedirectAttributes redirect) {
        Filter filter = filters.find(id, user.getName());
        filters.delete(id, user.getName());
        redirect.addFlashAttribute("message", "Filter \u201c" + filter.name() + "\u201d deleted.");
        return "redirect:/filters";
    }

    private static void reject(BindingResult errors, InvalidFilterException e) {
        for (ExpressionProblem problem : e.problems()) {
            errors.rejectValue("expression", "invalid", problem.describe());
        }
    }
}
