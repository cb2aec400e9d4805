package org.fountain.delivery.web;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.fountain.filters.Filter;
import org.fountain.filters.Filters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard: the latest matches from the archive ({@code /api/matches}), then live ones over STOMP at {@code
 * /user/queue/matches}.
 */
@Controller
class DashboardPage {

    private final Filters filters;

    DashboardPage(Filters filters) {
        this.filters = filters;
    }

    @GetMapping("/dashboard")
    String dashboard(Principal user, Model model) {
        List<Filter> mine = new ArrayList<>(filters.ownedBy(user.getName()));
        mine.addAll(filters.followedBy(user.getName()));
        model.addAttribute("filters", mine);
        return "dashboard";
    }
}
