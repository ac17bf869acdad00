package uk.ilrledger.query;

import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.projections.changequeue.ChangeQueueProjection;
import uk.ilrledger.projections.changequeue.ChangeRequestView;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeStatus;
import uk.ilrledger.schemas.values.ProviderGrants;
import uk.ilrledger.schemas.values.Ukprn;

/** The tracker queue and single change requests, limited to the reader's providers. */
@RestController
@RequestMapping("/api/changes")
public class ChangeQueryController {

    private final ChangeQueueProjection queue;

    public ChangeQueryController(ChangeQueueProjection queue) {
        this.queue = queue;
    }

    @GetMapping
    public List<ChangeRequestView> queue(@RequestParam(required = false) ChangeStatus status,
            @RequestParam(required = false) String ukprn, Authentication user) {
        List<String> authorities = authorities(user);
        Integer provider = null;
        if (ukprn != null) {
            Ukprn requested = Ukprn.parse(ukprn);
            if (!ProviderGrants.allows(authorities, requested)) {
                throw DomainProblem.forbidden("you are not granted UKPRN " + requested);
            }
            provider = requested.value();
        }
        List<Integer> granted = authorities.contains(ProviderGrants.ALL) ? null : authorities.stream()
                .filter(a -> a.startsWith(ProviderGrants.PREFIX))
                .map(a -> Integer.valueOf(a.substring(ProviderGrants.PREFIX.length())))
                .toList();
        return queue.queue(status, provider, granted);
    }

    @GetMapping("/{changeId}")
    public ChangeRequestView change(@PathVariable UUID changeId, Authentication user) {
        ChangeRequestView change = queue.find(changeId)
                .orElseThrow(() -> DomainProblem.notFound("changeId", "no change " + changeId));
        if (!ProviderGrants.allows(authorities(user), new Ukprn(change.ukprn()))) {
            throw DomainProblem.forbidden("change " + changeId + " belongs to a provider you are not granted");
        }
        return change;
    }

    private static List<String> authorities(Authentication user) {
        return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }
}
