package org.fountain.admin.web;

import java.security.Principal;
import org.fountain.admin.AdminAudit;
import org.fountain.admin.DeadLetterBrowser;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The dead-letter browser: the newest letters, one letter, its bytes, and a retry through the decoder. */
@Controller
class DeadLetterPages {

    private static final int PAGE = 200;

    private final DeadLetterBrowser letters;
    private final AdminAudit audit;

    DeadLetterPages(DeadLetterBrowser letters, AdminAudit audit) {
        this.letters = letters;
        this.audit = audit;
    }

    @GetMapping("/admin/deadletters")
    String list(
            @RequestParam(required = false) String reason, @RequestParam(required = false) String stream, Model model) {
        model.addAttribute("page", letters.newest(reason, stream, PAGE));
        model.addAttribute("reason", reason);
        model.addAttribute("stream", stream);
        model.addAttribute("topic", letters.topic());
        return "admin/deadletters";
    }

    @GetMapping("/admin/deadletters/{partition}/{offset}")
    String letter(@PathVariable int partition, @PathVariable long offset, Model model) {
        model.addAttribute(
                "letter",
                letters.find(partition, offset)
                        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such dead letter")));
        return "admin/deadletter";
    }

    @GetMapping("/admin/deadletters/{partition}/{offset}/bytes")
    ResponseEntity<byte[]> bytes(@PathVariable int partition, @PathVariable long offset) {
        var record = letters.record(partition, offset)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such dead letter"));
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("deadletter-" + partition + "-" + offset + ".bin")
                                .build()
                                .toString())
                .body(value);
    }

    @PostMapping("/admin/deadletters/{partition}/{offset}/retry")
    String retry(@PathVariable int partition, @PathVariable long offset, Principal who, RedirectAttributes redirect) {
        DeadLetterBrowser.Retry retry = letters.retry(partition, offset)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such dead letter"));
        audit.record(
                who.getName(), "retry dead letter", letters.topic() + "-" + partition + "@" + offset, retry.outcome());
        redirect.addFlashAttribute(retry.decoded() ? "message" : "error", retry.outcome());
        redirect.addFlashAttribute("retryDecoded", retry.decoded());
        return "redirect:/admin/deadletters/" + partition + "/" + offset;
    }
}
