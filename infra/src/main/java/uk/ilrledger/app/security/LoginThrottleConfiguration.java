package uk.ilrledger.app.security;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Slows password guessing: the throttle learns from Spring Security's sign-in events and its filter
 * runs just before the security filter chain, so it covers every chain that signs users in.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "ilr-ledger.security.login-throttle", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(LoginThrottleProperties.class)
public class LoginThrottleConfiguration {

    @Bean
    LoginThrottle loginThrottle(LoginThrottleProperties properties, Clock clock) {
        return new LoginThrottle(properties, clock);
    }

    @Bean
    FilterRegistrationBean<LoginThrottleFilter> loginThrottleFilter(LoginThrottle throttle,
            ProblemSecurityHandlers problems, SecurityProperties security) {
        FilterRegistrationBean<LoginThrottleFilter> registration =
                new FilterRegistrationBean<>(new LoginThrottleFilter(throttle, problems));
        registration.setOrder(security.getFilter().getOrder() - 1);
        return registration;
    }
}
