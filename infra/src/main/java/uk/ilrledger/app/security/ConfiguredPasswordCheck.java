package uk.ilrledger.app.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a configured user's password names no encoder the service knows
 * ({@code {bcrypt}}, {@code {noop}}, ...): without one, every request of that user would fail.
 * The command-line tools sign no one in and do not check.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ConfiguredPasswordCheck {

    public ConfiguredPasswordCheck(UsersProperties configured, PasswordEncoder encoder) {
        for (UsersProperties.User user : configured.users()) {
            check(user, encoder);
        }
    }

    private static void check(UsersProperties.User user, PasswordEncoder encoder) {
        if (user.password() == null || user.password().isBlank()) {
            throw new IllegalStateException("ilr-ledger.users: user '" + user.name() + "' has no password");
        }
        try {
            encoder.matches("", user.password());
        } catch (IllegalArgumentException unknownEncoder) {
            throw new IllegalStateException("ilr-ledger.users: the password of user '" + user.name()
                    + "' must start with its encoder, e.g. {bcrypt}$2a$10$... (" + unknownEncoder.getMessage() + ")");
        }
    }
}
