package uk.ilrledger.app;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Users configured as an operator would ({@code ilr-ledger.users[n].*}) rather than the demo users, who
 * are granted every UKPRN: for tests of roles and provider grants. Each user shares the tests' password.
 */
public final class ConfiguredUsers {

    /** {@code name}, with {@code roles} (comma-separated) on {@code ukprns} (comma-separated, or *). */
    public record User(String name, String roles, String ukprns) {
    }

    private ConfiguredUsers() {
    }

    public static User user(String name, String roles, String ukprns) {
        return new User(name, roles, ukprns);
    }

    /** For a {@code @DynamicPropertySource} method: the users, in order, as the service's properties. */
    public static void register(DynamicPropertyRegistry registry, User... users) {
        for (int i = 0; i < users.length; i++) {
            User user = users[i];
            String prefix = "ilr-ledger.users[" + i + "].";
            registry.add(prefix + "name", user::name);
            registry.add(prefix + "password", () -> "{noop}" + IntegrationTest.PASSWORD);
            registry.add(prefix + "roles", user::roles);
            registry.add(prefix + "ukprns", user::ukprns);
        }
    }
}
