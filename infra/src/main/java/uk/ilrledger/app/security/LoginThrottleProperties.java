package uk.ilrledger.app.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How failed sign-ins are slowed ({@code ilr-ledger.security.login-throttle.*}): after
 * {@code max-failures} for one user name from one client address, or {@code max-failures-per-address}
 * for any names from one address, within {@code window}, that name or address is answered 429 until
 * the oldest of those failures is older than the window.
 */
@ConfigurationProperties("ilr-ledger.security.login-throttle")
public record LoginThrottleProperties(
        @DefaultValue("5") int maxFailures,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration window) {

    public LoginThrottleProperties {
        if (maxFailures < 1 || maxFailuresPerAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("ilr-ledger.security.login-throttle: max-failures and "
                    + "max-failures-per-address must be at least 1 and window positive");
        }
    }
}
