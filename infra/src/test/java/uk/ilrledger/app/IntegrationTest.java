package uk.ilrledger.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The assembled service on a random port, against the test run's own PostgreSQL database and a
 * real Kafka broker (see {@link TestInfrastructure}). Demo users share {@link #PASSWORD}.
 * Most scenarios change learners in 2024-25 and 2025-26, whose R14 hard close has passed: they run
 * as if those years were still open. Tests of the hard close use 2026-27 and set the clock.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ILR_LEDGER_DEMO_PASSWORD=" + IntegrationTest.PASSWORD,
                IntegrationTest.KEEP_2425_OPEN, IntegrationTest.KEEP_2526_OPEN})
@ContextConfiguration(initializers = TestInfrastructure.class)
public @interface IntegrationTest {
    String PASSWORD = "not-a-real-password";
    String KEEP_2425_OPEN = "ilr-ledger.returns.2425.r14-cut-off=2099-10-15T18:00";
    String KEEP_2526_OPEN = "ilr-ledger.returns.2526.r14-cut-off=2099-10-15T18:00";
}
