package org.fountain.simulator;

import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operators' page for the mock stream: what it publishes, and a form to change its cadence or pause it. */
@Controller
@RequestMapping("/admin/simulator")
class SimulatorPage {

    private final ObjectProvider<MockStream> stream;

    SimulatorPage(ObjectProvider<MockStream> stream) {
        this.stream = stream;
    }

    @GetMapping
    String show(Model model) {
        MockStream mock = stream.getIfAvailable();
        model.addAttribute("enabled", mock != null);
        if (mock != null) {
            MockStreamLoop loop = mock.loop();
            model.addAttribute("settings", loop.settings());
            model.addAttribute("published", loop.published());
            model.addAttribute("failed", loop.failed());
            model.addAttribute("source", loop.source().describe());
            model.addAttribute("properties", mock.properties());
        }
        return "admin/simulator";
    }

    @PostMapping
    String change(
            @RequestParam SimulatorProperties.Cadence cadence,
            @RequestParam double rate,
            @RequestParam int burstSize,
            @RequestParam double burstIntervalSeconds,
            @RequestParam(defaultValue = "false") boolean paused,
            RedirectAttributes redirect) {
        MockStream mock = stream.getIfAvailable();
        if (mock == null) {
            redirect.addFlashAttribute(
                    "error", "The mock stream is off on this instance (fountain.simulator.enabled).");
            return "redirect:/admin/simulator";
        }
        try {
            mock.loop()
                    .change(new MockStreamLoop.Settings(
                            cadence, rate, burstSize, Duration.ofMillis((long) (burstIntervalSeconds * 1000)), paused));
            redirect.addFlashAttribute("message", paused ? "Mock stream paused." : "Mock stream cadence changed.");
        } catch (IllegalArgumentException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/admin/simulator";
    }
}
