package uk.ilrledger.app.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Remembers recent failed sign-ins by user name at a client address and by client address, and says
 * how long a sign-in must wait. A success clears that user name's failures at that address. Only
 * failures within the window are kept, at most as many per key as its limit.
 */
public class LoginThrottle {

    /** Beyond this many keys, those whose failures have all expired are dropped. */
    private static final int PRUNE_ABOVE = 10_000;

    private final LoginThrottleProperties properties;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(LoginThrottleProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long a sign-in as {@code user} from {@code address} must wait; empty if it may go ahead. */
    public Optional<Duration> wait(String user, String address) {
        Instant now = clock.instant();
        return longest(waitFor(userKey(user, address), properties.maxFailures(), now),
                waitFor(addressKey(address), properties.maxFailuresPerAddress(), now));
    }

    @EventListener
    public void failed(AuthenticationFailureBadCredentialsEvent event) {
        String address = address(event.getAuthentication());
        if (address == null) {
            return;
        }
        Instant now = clock.instant();
        record(userKey(event.getAuthentication().getName(), address), properties.maxFailures(), now);
        record(addressKey(address), properties.maxFailuresPerAddress(), now);
        if (failures.size() > PRUNE_ABOVE) {
            failures.entrySet().removeIf(entry -> expired(entry.getValue(), now));
        }
    }

    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        String address = address(event.getAuthentication());
        if (address != null) {
            failures.remove(userKey(event.getAuthentication().getName(), address));
        }
    }

    private Optional<Duration> waitFor(String key, int limit, Instant now) {
        Deque<Instant> recent = failures.get(key);
        if (recent == null) {
            return Optional.empty();
        }
        synchronized (recent) {
            dropExpired(recent, now);
            if (recent.size() < limit) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, recent.peekFirst().plus(properties.window())));
        }
    }

    private void record(String key, int limit, Instant now) {
        Deque<Instant> recent = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (recent) {
            dropExpired(recent, now);
            recent.addLast(now);
            while (recent.size() > limit) {
                recent.removeFirst();
            }
        }
    }

    private void dropExpired(Deque<Instant> recent, Instant now) {
        Instant oldestKept = now.minus(properties.window());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(oldestKept)) {
            recent.removeFirst();
        }
    }

    private boolean expired(Deque<Instant> recent, Instant now) {
        synchronized (recent) {
            dropExpired(recent, now);
            return recent.isEmpty();
        }
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().compareTo(b.get()) >= 0 ? a : b;
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }

    private static String userKey(String user, String address) {
        return "user:" + address + ":" + user;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
