package uk.ilrledger.app.security;

import static uk.ilrledger.app.security.Role.ADMIN;
import static uk.ilrledger.app.security.Role.APPROVER;
import static uk.ilrledger.app.security.Role.AUDITOR;
import static uk.ilrledger.app.security.Role.EXPORTER;
import static uk.ilrledger.app.security.Role.RAISER;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ProviderGrants;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Who may call what: HTTP basic users with the roles of api.md, each limited to the UKPRNs granted.
 * Every {@code /api/providers/{ukprn}/...} request needs both the role and a grant for that UKPRN.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(UsersProperties.class)
public class SecurityConfiguration {

    public static final List<String> DEMO_USERS = List.of("raiser", "approver", "approver2", "auditor", "exporter", "admin");

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemSecurityHandlers problems) throws Exception {
        http.csrf(csrf -> csrf.disable()) // a stateless API with basic auth: no cookies to forge
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new UkprnPathFilter(problems), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/actuator/health/**",
                                "/actuator/health", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/providers/{ukprn}/learners").access(provider(ADMIN))
                        .requestMatchers(HttpMethod.POST, "/api/providers/{ukprn}/imports").access(provider(ADMIN))
                        .requestMatchers(HttpMethod.POST, "/api/providers/{ukprn}/learners/*/changes")
                        .access(provider(RAISER))
                        .requestMatchers(HttpMethod.POST, "/api/providers/{ukprn}/learners/*/qa-verification")
                        .access(provider(APPROVER))
                        // What the DfE would reject in a learner matters to whoever sends the return too.
                        .requestMatchers(HttpMethod.GET, "/api/providers/{ukprn}/learners/*/findings")
                        .access(provider(RAISER, APPROVER, AUDITOR, EXPORTER, ADMIN))
                        .requestMatchers(HttpMethod.GET, "/api/providers/{ukprn}/learners/**")
                        .access(provider(RAISER, APPROVER, AUDITOR, ADMIN))
                        .requestMatchers(HttpMethod.GET, "/api/providers/{ukprn}/returns/**")
                        .access(provider(EXPORTER, AUDITOR, ADMIN, APPROVER))
                        .requestMatchers(HttpMethod.POST, "/api/providers/{ukprn}/returns/*/*/submissions")
                        .access(provider(EXPORTER, ADMIN))
                        .requestMatchers(HttpMethod.POST, "/api/evidence").hasRole(RAISER.name())
                        .requestMatchers(HttpMethod.POST, "/api/changes/*/approval", "/api/changes/*/rejection")
                        .hasRole(APPROVER.name())
                        .requestMatchers(HttpMethod.GET, "/api/changes", "/api/changes/**")
                        .hasAnyRole(RAISER.name(), APPROVER.name(), AUDITOR.name(), ADMIN.name())
                        .requestMatchers("/api/admin/**", "/actuator/**").access(GlobalOperations.forRole(ADMIN))
                        .anyRequest().denyAll());
        return http.build();
    }

    /** One of the roles, and a grant for the UKPRN in the path. */
    private static AuthorizationManager<RequestAuthorizationContext> provider(Role... roles) {
        AuthorizationManager<RequestAuthorizationContext> role = AuthorityAuthorizationManager.hasAnyRole(
                Arrays.stream(roles).map(Role::name).toArray(String[]::new));
        AuthorizationManager<RequestAuthorizationContext> granted = (authentication, context) -> {
            Ukprn ukprn;
            try {
                ukprn = Ukprn.parse(context.getVariables().get("ukprn"));
            } catch (DomainProblem malformed) {
                return new AuthorizationDecision(false); // UkprnPathFilter has already answered 400
            }
            List<String> authorities = authentication.get().getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).toList();
            return new AuthorizationDecision(ProviderGrants.allows(authorities, ukprn));
        };
        return AuthorizationManagers.allOf(role, granted);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The demo users exist only when no users are configured. */
    @Bean
    DemoUsers demoUsers(UsersProperties configured, @Value("${ILR_LEDGER_DEMO_PASSWORD:}") String demoPassword) {
        if (!configured.users().isEmpty()) {
            return new DemoUsers(false, null, false);
        }
        boolean generated = demoPassword.isBlank();
        return new DemoUsers(true, generated ? generatedPassword() : demoPassword, generated);
    }

    @Bean
    UserDetailsService users(UsersProperties configured, DemoUsers demo) {
        List<UserDetails> users = new ArrayList<>();
        for (UsersProperties.User user : configured.users()) {
            users.add(user(user.name(), user.password(), user.roles(), user.ukprns()));
        }
        if (demo.enabled()) {
            // Cost 4: basic auth checks the password on every request; these are demo users only.
            String encoded = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(demo.password());
            // Tracker approvers both raise changes and approve other people's; the raiser only raises.
            List<List<String>> roles = List.of(List.of("RAISER"), List.of("RAISER", "APPROVER"),
                    List.of("RAISER", "APPROVER"), List.of("AUDITOR"), List.of("EXPORTER"), List.of("ADMIN"));
            for (int i = 0; i < DEMO_USERS.size(); i++) {
                users.add(user(DEMO_USERS.get(i), encoded, roles.get(i), List.of("*")));
            }
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static UserDetails user(String name, String password, List<String> roles, List<String> ukprns) {
        List<String> authorities = new ArrayList<>();
        for (String role : roles) {
            authorities.add("ROLE_" + Role.valueOf(role).name());
        }
        for (String ukprn : ukprns) {
            authorities.add(ukprn.equals("*") ? ProviderGrants.ALL : ProviderGrants.authority(Ukprn.parse(ukprn)));
        }
        return User.withUsername(name).password(password).authorities(authorities.toArray(String[]::new)).build();
    }

    private static String generatedPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the demo users exist, and their shared password (printed at start-up when generated). */
    public record DemoUsers(boolean enabled, String password, boolean generated) {
    }
}
