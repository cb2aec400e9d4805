package org.fountain.archive.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Your recent matches on the whole sky (drawn in the browser from {@code /api/matches}). */
@Controller
class SkyPage {

    @GetMapping("/sky")
    String sky() {
        return "alerts/sky";
    }
}
