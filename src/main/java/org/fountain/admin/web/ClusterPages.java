package org.fountain.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fountain.admin.ClusterSampler;
import org.fountain.admin.ClusterSnapshot;
import org.fountain.admin.MessagePeek;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** The cluster, its topics and consumer groups, and any message peeked: rendered from the last sample. */
@Controller
class ClusterPages {

    private final ClusterSampler sampler;
    private final MessagePeek peek;

    ClusterPages(ClusterSampler sampler, MessagePeek peek) {
        this.sampler = sampler;
        this.peek = peek;
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
        model.addAttribute("streams", sampler.throughputNames());
        return "admin/overview";
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
        model.addAttribute(
                "readers",
                sampler.snapshot().groups().stream()
                        .filter(g ->
                                g.partitions().stream().anyMatch(p -> p.topic().equals(name)))
                        .toList());
        return "admin/topic";
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
