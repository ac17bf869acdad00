package uk.ilrledger.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;

/**
 * HTTP basic checks a user's password on every request, so its cost is paid per request. The cost is
 * the one configured: Spring Security does not re-hash a password at its own default cost (bcrypt 10,
 * about 60 ms a check) at the user's first sign-in.
 */
@IntegrationTest
class PasswordsKeptAsConfiguredTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    UserDetailsService users;

    @Test
    void aSignedInUsersPasswordIsStillCheckedAtItsConfiguredCost() {
        String before = users.loadUserByUsername("auditor").getPassword();
        assertThat(before).as("the demo users' cost").startsWith("{bcrypt}$2a$04$");

        Api api = new Api(rest, json);
        assertThat(api.get("auditor", "/api/providers/10000001/learners/NOBODY").status()).isEqualTo(404);
        assertThat(api.get("auditor", "/api/providers/10000001/learners/NOBODY").status()).isEqualTo(404);

        assertThat(users).isNotInstanceOf(UserDetailsPasswordService.class);
        assertThat(users.loadUserByUsername("auditor").getPassword()).isEqualTo(before);
    }
}
