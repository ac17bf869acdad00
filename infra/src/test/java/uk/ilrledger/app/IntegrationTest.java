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
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ILR_LEDGER_DEMO_PASSWORD=" + IntegrationTest.PASSWORD)
@ContextConfiguration(initializers = TestInfrastructure.class)
public @interface IntegrationTest {
    String PASSWORD = "not-a-real-password";
}
