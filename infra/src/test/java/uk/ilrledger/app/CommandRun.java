package uk.ilrledger.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;
import uk.ilrledger.testsupport.TestPostgres;

/** One run of a jar command against the test run's store and broker: its exit code and what it printed. */
public record CommandRun(int exit, String out, String err) {

    /** A command of the jar: {@code ExportCommand::run}, {@code ImportCommand::run}. */
    @FunctionalInterface
    public interface Command {
        int run(List<String> options, PrintStream out, PrintStream err);
    }

    public static CommandRun of(Command command, String... options) {
        TestDatabase database = TestPostgres.database();
        return on(database, TestInfrastructure.anchorDirectory(database), command, options);
    }

    /** A command against another database and checkpoint directory than the test run's own. */
    public static CommandRun on(TestDatabase database, String anchorDirectory, Command command, String... options) {
        List<String> arguments = new ArrayList<>(List.of(options));
        arguments.addAll(List.of("--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--ilr-ledger.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                "--ilr-ledger.chain.anchor-dir=" + anchorDirectory));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = command.run(arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
