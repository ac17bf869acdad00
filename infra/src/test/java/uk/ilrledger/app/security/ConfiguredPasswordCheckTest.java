package uk.ilrledger.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Configured users are checked when the service starts, not on each of their requests. */
class ConfiguredPasswordCheckTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(UsersProperties.class)
    static class Users {
        @Bean
        PasswordEncoder passwordEncoder() {
            return PasswordEncoderFactories.createDelegatingPasswordEncoder();
        }
    }

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withUserConfiguration(Users.class, ConfiguredPasswordCheck.class)
            .withPropertyValues("ilr-ledger.users[0].name=registrar", "ilr-ledger.users[0].roles=ADMIN",
                    "ilr-ledger.users[0].ukprns=*", "ilr-ledger.users[0].password={noop}fine",
                    "ilr-ledger.users[1].name=tracker-lead", "ilr-ledger.users[1].roles=APPROVER",
                    "ilr-ledger.users[1].ukprns=10000001");

    @Test
    void aPasswordWithoutAnEncoderPrefixStopsTheStartNamingTheUser() {
        context.withPropertyValues("ilr-ledger.users[1].password=" + new BCryptPasswordEncoder(4).encode("secret"))
                .run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause()
                            .hasMessageContaining("user 'tracker-lead'")
                            .hasMessageContaining("{bcrypt}");
                });
    }

    @Test
    void anUnknownEncoderPrefixStopsTheStart() {
        context.withPropertyValues("ilr-ledger.users[1].password={rot13}frperg")
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("user 'tracker-lead'"));
    }

    @Test
    void aMissingPasswordStopsTheStart() {
        context.run(started -> assertThat(started.getStartupFailure()).rootCause()
                .hasMessageContaining("user 'tracker-lead' has no password"));
    }

    @Test
    void encodedPasswordsStart() {
        context.withPropertyValues("ilr-ledger.users[1].password={bcrypt}" + new BCryptPasswordEncoder(4).encode("s"))
                .run(started -> assertThat(started).hasNotFailed().hasSingleBean(ConfiguredPasswordCheck.class));
    }
}
