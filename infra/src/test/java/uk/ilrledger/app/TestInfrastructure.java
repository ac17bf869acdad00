package uk.ilrledger.app;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;
import uk.ilrledger.testsupport.TestPostgres;

/** Points the application at the test run's database and broker instead of the embedded defaults. */
public class TestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase database = TestPostgres.database();
        TestPropertyValues.of(
                "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + database.username(),
                "spring.datasource.password=" + database.password(),
                "ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers()
        ).applyTo(context);
    }
}
