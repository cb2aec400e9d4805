package org.fountain.admin.web;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fountain.admin.AdminAudit;
import org.fountain.admin.ClusterSampler;
import org.fountain.admin.ClusterSnapshot;
import org.fountain.admin.MessagePeek;
import org.fountain.admin.TopicSettings;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The cluster, its topics and consumer groups, and any message peeked: rendered from the last sample. */
@Controller
class ClusterPages {

    private final ClusterSampler sampler;
    private final TopicSettings settings;
    private final MessagePeek peek;
    private final AdminAudit audit;

    ClusterPages(ClusterSampler sampler, TopicSettings settings, MessagePeek peek, AdminAudit audit) {
        this.sampler = sampler;
        this.settings = settings;
        this.peek = peek;
        this.audit = audit;
    }

    @GetMapping("/admin")
    String overview(Model model) {
        ClusterSnapshot snapshot = sampler.snapshot();
        model.addAttribute("snapshot", snapshot);
        model.addAttribute(
                "underReplicated",
                snapshot.topics().stream()
                        .mapToLong(ClusterSnapshot.Topic::underReplicated)
                        .sum());
        model.addAttribute(
                "offline",
                snapshot.topics().stream()
                        .mapToLong(ClusterSnapshot.Topic::offline)
                        .sum());
        model.addAttribute(
                "fountainGroups",
                snapshot.groups().stream()
                        .filter(g -> g.fountain() && !g.gone())
                        .toList());
        model.addAttribute("liveRelays", sampler.liveRelays());
        model.addAttribute("streams", sampler.throughputNames());
        model.addAttribute(
                "deadLettersLastHour",
                Math.round(counted(sampler.throughput(Instant.now().minusSeconds(3600)), 2)));
        return "admin/overview";
    }

    /** How many a per-second figure of a series counts in all (each rate times the interval before it). */
    static double counted(double[][] series, int figure) {
        double total = 0;
        for (int i = 1; i < series[0].length; i++) {
            total += series[figure][i] * (series[0][i] - series[0][i - 1]);
        }
        return total;
    }

    /** The overview's chart: this instance's throughput over the last hour, as uPlot takes it. */
    @GetMapping("/admin/throughput.json")
    @ResponseBody
    Map<String, Object> throughput(@RequestParam(defaultValue = "3600") long seconds) {
        long span = Math.max(60, Math.min(seconds, Duration.ofDays(1).toSeconds()));
        return Map.of(
                "series", sampler.throughputNames(),
                "data", sampler.throughput(Instant.now().minusSeconds(span)));
    }

    @GetMapping("/admin/topics")
    String topics(Model model) {
        model.addAttribute("snapshot", sampler.snapshot());
        return "admin/topics";
    }

    @GetMapping("/admin/topics/{name}")
    String topic(@PathVariable String name, Model model) {
        ClusterSnapshot.Topic topic = sampler.snapshot().topics().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No topic " + name));
        model.addAttribute("topic", topic);
        model.addAttribute("editable", "fountain".equals(topic.kind()) ? TopicSettings.EDITABLE : List.of());
        model.addAttribute(
                "readers",
                sampler.snapshot().groups().stream()
                        .filter(g ->
                                g.partitions().stream().anyMatch(p -> p.topic().equals(name)))
                        .toList());
        return "admin/topic";
    }

    /** Changes a setting of one of Fountain's own topics; audited. */
    @PostMapping("/admin/topics/{name}/config")
    String changeSetting(
            @PathVariable String name,
            @RequestParam String setting,
            @RequestParam String value,
            Principal who,
            RedirectAttributes redirect) {
        String outcome;
        try {
            settings.change(name, setting, value);
            outcome = "set to " + value.trim();
            redirect.addFlashAttribute("message", setting + " of " + name + " is now " + value.trim() + ".");
        } catch (IllegalArgumentException e) {
            outcome = "refused: " + e.getMessage();
            redirect.addFlashAttribute("error", e.getMessage() + ".");
        } catch (Exception e) {
            outcome = "failed: " + e;
            redirect.addFlashAttribute("error", "The broker did not change it: " + e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        audit.record(who.getName(), "change " + setting, name, outcome);
        return "redirect:/admin/topics/" + name;
    }

    @GetMapping("/admin/topics/{name}/rate.json")
    @ResponseBody
    double[][] topicRate(@PathVariable String name) {
        return sampler.rateHistory(name, Instant.now().minus(Duration.ofDays(1)));
    }

    @GetMapping("/admin/groups")
    String groups(Model model) {
        model.addAttribute("snapshot", sampler.snapshot());
        return "admin/groups";
    }

    @GetMapping("/admin/groups/{id}")
    String group(@PathVariable String id, Model model) {
        model.addAttribute("group", groupNamed(id));
        return "admin/group";
    }

    /** A group's lag over the last 24 hours: times, messages, seconds. */
    @GetMapping("/admin/groups/{id}/lag.json")
    @ResponseBody
    double[][] lag(@PathVariable String id) {
        groupNamed(id);
        return sampler.lagHistory(id, Instant.now().minus(Duration.ofDays(1)));
    }

    private ClusterSnapshot.Group groupNamed(String id) {
        return sampler.snapshot().groups().stream()
                .filter(g -> g.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No consumer group " + id));
    }

    @GetMapping("/admin/peek")
    String peek(
            @RequestParam(required = false) String topic,
            @RequestParam(required = false) Integer partition,
            @RequestParam(required = false) Long offset,
            Model model) {
        List<String> surveyTopics = sampler.snapshot().topics().stream()
                .filter(t -> "survey".equals(t.kind()))
                .map(ClusterSnapshot.Topic::name)
                .toList();
        model.addAttribute("surveyTopics", surveyTopics);
        model.addAttribute("topic", topic);
        model.addAttribute("partition", partition);
        model.addAttribute("offset", offset);
        if (topic != null && partition != null && offset != null) {
            if (!surveyTopics.contains(topic)) {
                model.addAttribute("error", "Only survey topics can be peeked: " + topic + " is not one.");
            } else {
                var peeked = peek.peek(topic, partition, offset);
                if (peeked.isEmpty()) {
                    model.addAttribute(
                            "error", "The topic holds no message at " + topic + "-" + partition + "@" + offset + ".");
                } else {
                    model.addAttribute("peeked", peeked.get());
                }
            }
        }
        return "admin/peek";
    }
}
