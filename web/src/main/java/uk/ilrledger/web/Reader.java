package uk.ilrledger.web;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import uk.ilrledger.schemas.values.ProviderGrants;
import uk.ilrledger.schemas.values.Ukprn;

/** The signed-in user as the screens need them: name, roles and the providers they are granted. */
public record Reader(String name, List<String> authorities) {

    public static Reader of(Authentication user) {
        return new Reader(user.getName(), user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
    }

    public boolean has(String role) {
        return authorities.contains("ROLE_" + role);
    }

    public boolean allows(int ukprn) {
        return ProviderGrants.allows(authorities, new Ukprn(ukprn));
    }

    /** The UKPRNs granted, or null when every provider is. */
    public List<Integer> ukprns() {
        if (authorities.contains(ProviderGrants.ALL)) {
            return null;
        }
        return authorities.stream().filter(a -> a.startsWith(ProviderGrants.PREFIX))
                .map(a -> Integer.valueOf(a.substring(ProviderGrants.PREFIX.length()))).toList();
    }
}
