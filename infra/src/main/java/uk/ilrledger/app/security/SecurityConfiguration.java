package uk.ilrledger.app.security;

import static uk.ilrledger.app.security.Role.*;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
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
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import uk.ilrledger.app.web.ApiPaths;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ProviderGrants;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Who may call what: HTTP basic users with the roles of api.md, each limited to the UKPRNs granted,
 * and, when an identity provider is configured, OIDC bearer tokens carrying the same in claims.
 * Every {@code /api/providers/{ukprn}/...} request needs both the role and a grant for that UKPRN.
 * The rules themselves are {@link ApiAccess}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({UsersProperties.class, OidcProperties.class})
public class SecurityConfiguration {

    public static final List<String> DEMO_USERS = List.of("raiser", "approver", "approver2", "auditor", "exporter", "admin");

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ProblemSecurityHandlers problems, ObjectProvider<JwtDecoder> oidc,
            OidcClaims claims, HandlerMappingIntrospector handlers) throws Exception {
        JwtDecoder tokens = oidc.getIfAvailable();
        if (tokens != null) {
            // Only when spring.security.oauth2.resourceserver.jwt.* names the identity provider's keys.
            http.oauth2ResourceServer(bearer -> bearer
                    .jwt(jwt -> jwt.decoder(tokens).jwtAuthenticationConverter(claims))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems));
        }
        http.securityMatcher(ApiPaths.patterns())
                .csrf(csrf -> csrf.disable()) // a stateless API with basic auth: no cookies to forge
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new UkprnPathFilter(problems), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(ApiAccess.PUBLIC.toArray(String[]::new)).permitAll();
                    for (ApiAccess.Rule rule : ApiAccess.RULES) {
                        var endpoints = rule.method() == null ? requests.requestMatchers(rule.path())
                                : requests.requestMatchers(rule.method(), rule.path());
                        endpoints.access(rule.everyProvider() ? GlobalOperations.forRole(rule.roles().get(0))
                                : rule.perProvider() ? provider(rule.roles()) : anyOf(rule.roles()));
                    }
                    // No rule: a 404 problem for a signed-in caller where nothing is mapped; refused otherwise.
                    requests.anyRequest().access(new UnknownApiPaths(handlers));
                });
        return http.build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> anyOf(List<Role> roles) {
        return AuthorityAuthorizationManager.hasAnyRole(roles.stream().map(Role::name).toArray(String[]::new));
    }

    /**
     * The screens: a signed-in session from the sign-in form, CSRF tokens on every form, and the same
     * roles and UKPRN grants as the API, path by path.
     */
    @Bean
    @Order(2)
    SecurityFilterChain screens(HttpSecurity http) throws Exception {
        // Evidence is shown in a frame of the change's own page: frames from the same origin only.
        http.headers(headers -> headers.frameOptions(frames -> frames.sameOrigin()))
                .formLogin(form -> form.loginPage("/sign-in").defaultSuccessUrl("/", true).permitAll())
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out").permitAll())
                .authorizeHttpRequests(requests -> requests
                        // The sign-in page with any query (?retry-after= from the throttle), not only ?error.
                        .requestMatchers("/webjars/**", "/screens.css", "/favicon.ico", "/sign-in").permitAll()
                        .requestMatchers("/providers/{ukprn}/learners/*/changes", "/providers/{ukprn}/learners/*/rule-checks",
                                "/providers/{ukprn}/learners/*/change-form").access(provider(List.of(RAISER)))
                        .requestMatchers("/providers/{ukprn}/learners/**").access(provider(List.of(RAISER, APPROVER, AUDITOR, ADMIN)))
                        .requestMatchers(HttpMethod.POST, "/providers/{ukprn}/returns/*/*/submissions")
                        .access(provider(List.of(EXPORTER, ADMIN)))
                        .requestMatchers("/providers/{ukprn}/returns/**").access(provider(List.of(EXPORTER, AUDITOR, ADMIN, APPROVER)))
                        .requestMatchers("/changes/new").hasRole(RAISER.name())
                        .requestMatchers(HttpMethod.POST, "/changes/*/decision").hasRole(APPROVER.name())
                        .requestMatchers("/changes/**", "/queue", "/learners", "/learners/**")
                        .hasAnyRole(RAISER.name(), APPROVER.name(), AUDITOR.name(), ADMIN.name())
                        .requestMatchers("/returns").hasAnyRole(EXPORTER.name(), AUDITOR.name(), ADMIN.name(), APPROVER.name())
                        .anyRequest().authenticated());
        return http.build();
    }

    /** One of the roles, and a grant for the UKPRN in the path. */
    private static AuthorizationManager<RequestAuthorizationContext> provider(List<Role> roles) {
        AuthorizationManager<RequestAuthorizationContext> role = anyOf(roles);
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

    /** Checks and reads the claims of OIDC bearer tokens; Spring Boot adds it to the token decoder's validators. */
    @Bean
    OidcClaims oidcClaims(OidcProperties properties) {
        return new OidcClaims(properties);
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
        // Only the lookup: an InMemoryUserDetailsManager handed over whole is also a password-upgrade
        // service, and Spring Security would re-hash each user's password at bcrypt's default cost (10,
        // about 60 ms a check here) at their first sign-in, a cost every later HTTP basic request pays.
        // Passwords are checked as configured; the operator chooses their encoding and cost.
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users);
        return manager::loadUserByUsername;
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
