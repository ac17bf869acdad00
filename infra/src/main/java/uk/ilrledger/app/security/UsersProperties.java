package uk.ilrledger.app.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Users from configuration ({@code ilr-ledger.users[n].*}): name, password (a Spring Security
 * encoded password such as {@code {bcrypt}...}), roles, and the UKPRNs granted ({@code *} for all).
 * When none are configured the demo users are created.
 */
@ConfigurationProperties("ilr-ledger")
public record UsersProperties(List<User> users) {

    public UsersProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(String name, String password, List<String> roles, List<String> ukprns) {
    }
}
