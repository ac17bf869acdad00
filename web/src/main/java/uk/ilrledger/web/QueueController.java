package uk.ilrledger.web;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.ilrledger.schemas.values.ChangeStatus;
import uk.ilrledger.schemas.values.ChangeType;

/** The tracker queue, oldest first, filtered and paged in the database. */
@Controller
class QueueController {

    private final ChangeSearch changes;

    QueueController(ChangeSearch changes) {
        this.changes = changes;
    }

    @GetMapping("/queue")
    String queue(@RequestParam(required = false) ChangeStatus status, @RequestParam(required = false) ChangeType type,
            @RequestParam(required = false) String learner, @RequestParam(required = false) String raisedBy,
            @RequestParam(required = false) Integer olderThanDays, @RequestParam(defaultValue = "1") int page,
            Authentication user, Model model) {
        ChangeSearch.Filter filter = new ChangeSearch.Filter(status == null ? null : status.name(),
                type == null ? null : type.name(), learner, raisedBy, null, olderThanDays);
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", ChangeStatus.values());
        model.addAttribute("types", ChangeType.values());
        model.addAttribute("result", changes.page(filter, Reader.of(user), page));
        return "queue";
    }
}
