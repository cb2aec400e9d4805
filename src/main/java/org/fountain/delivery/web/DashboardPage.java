package org.fountain.delivery.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The live dashboard; matches arrive over STOMP at {@code /user/queue/matches}. */
@Controller
class DashboardPage {

    @GetMapping("/dashboard")
    String dashboard() {
        return "dashboard";
    }
}
