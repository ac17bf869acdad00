package uk.ilrledger.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A test of changes through the API, each test with a {@link ProviderScenario} of its own (a provider
 * of a random UKPRN and a letter of evidence), whose learners start {@link #START}. Subclasses carry
 * {@link IntegrationTest}.
 */
public abstract class ProviderScenarioTest {

    public static final LocalDate START = LocalDate.of(2025, 9, 1);

    @Autowired
    protected TestRestTemplate rest;
    @Autowired
    protected ObjectMapper json;
    @Autowired
    protected JdbcClient jdbc;

    protected ProviderScenario provider;

    @BeforeEach
    void newProvider() {
        provider = new ProviderScenario(rest, json, jdbc);
    }
}
