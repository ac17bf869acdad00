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
                "ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "ilr-ledger.chain.anchor-dir=" + anchorDirectory(database)
        ).applyTo(context);
    }

    /** The checkpoints of one database: every context and command on it shares them, as instances of one store do. */
    public static String anchorDirectory(TestDatabase database) {
        String name = database.jdbcUrl().replaceFirst("\\?.*$", "");
        return "target/chain-anchors/" + name.substring(name.lastIndexOf('/') + 1);
    }
}
