package uk.ilrledger.app.scaleout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import uk.ilrledger.app.IlrLedgerApplication;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;

/**
 * Instances of the service in this JVM on one database and the test broker, each on a free loopback
 * port, with the demo users' password given; closed together at the end of a test.
 */
public final class InProcessInstances implements AutoCloseable {

    private final Path work;
    private final String password;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    public InProcessInstances(Path work, String password) {
        this.work = work;
        this.password = password;
    }

    /** Starts one more instance on {@code database}, with {@code settings} ({@code --name=value}) added. */
    public ConfigurableApplicationContext start(TestDatabase database, String... settings) {
        return start(database, List.of(), settings);
    }

    /**
     * Starts one more instance on {@code database} with {@code sources} (classes of {@code @Bean} methods,
     * e.g. a fixed clock as {@code @Primary}) and {@code settings} added.
     */
    public ConfigurableApplicationContext start(TestDatabase database, List<Class<?>> sources, String... settings) {
        // As arguments, so that they rank above application.yml as they would from the command line.
        String[] common = {
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--ilr-ledger.chain.anchor-dir=" + work.resolve("anchors"),
                "--ILR_LEDGER_DEMO_PASSWORD=" + password,
                "--ILR_LEDGER_DATA_DIR=" + work.resolve("data")};
        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                Stream.concat(Stream.of(IlrLedgerApplication.class), sources.stream()).toArray(Class<?>[]::new))
                .run(Stream.concat(Stream.of(common), Stream.of(settings)).toArray(String[]::new));
        started.add(context);
        return context;
    }

    @Override
    public void close() {
        started.forEach(ConfigurableApplicationContext::close);
    }
}
