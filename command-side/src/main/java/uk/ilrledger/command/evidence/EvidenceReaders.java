package uk.ilrledger.command.evidence;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.values.ProviderGrants;

/**
 * Who may download a stored evidence file: the approvers, auditors and admins of a provider one of
 * whose changes or imports cites it; a raiser who uploaded it or raised a change citing it. Anyone
 * else is told nothing, not even that the file exists.
 */
@Component
public class EvidenceReaders {

    private static final List<String> PROVIDER_READERS = List.of("ROLE_APPROVER", "ROLE_AUDITOR", "ROLE_ADMIN");
    private static final String RAISER = "ROLE_RAISER";

    private final EvidenceCitations citations;

    public EvidenceReaders(EvidenceCitations citations) {
        this.citations = citations;
    }

    public boolean mayRead(StoredEvidence evidence, Authentication user) {
        List<String> authorities = user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        boolean raiser = authorities.contains(RAISER);
        if (raiser && evidence.uploadedBy().equals(user.getName())) {
            return true;
        }
        boolean providerReader = authorities.stream().anyMatch(PROVIDER_READERS::contains);
        return citations.of(evidence.evidenceId()).stream()
                .filter(citation -> ProviderGrants.allows(authorities, citation.ukprn()))
                .anyMatch(citation -> providerReader || raiser && citation.citedBy().equals(user.getName()));
    }
}
