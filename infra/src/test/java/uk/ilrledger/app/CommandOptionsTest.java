package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The jar's commands refuse options they cannot use before starting anything: exit 2, the option named. */
class CommandOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "check --ukprn 10000001 --year 2526 --period                     | --period needs a value",
            "check --ukprn 10000001 --year 2526 --period R14 --as-of monday  | --as-of is an instant such as 2026-10-20T17:00:00Z, was 'monday'",
            "check --ukprn 10000001 --year 2526                              | --ukprn, --year and --period are required",
            "export --ukprn 10000001 --year 2526 --period R14 --bogus        | unexpected argument '--bogus'",
            "export --ukprn=10000001 --year=2526 --period=R14 extra          | unexpected argument 'extra'",
            "import --ukprn 10000001 --import-id nope ILR.xml                | --import-id is a UUID, was 'nope'",
            "import ILR.xml                                                  | FILE.xml and --ukprn are required",
            "import A.xml B.xml --ukprn 10000001                             | unexpected argument 'B.xml'",
            "verify --ukprn                                                  | --ukprn needs a value",
            "anchor everything                                               | unexpected argument 'everything'"})
    void aWrongOptionIsNamedWithExitCode2(String line, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CommandLine.run(line.trim().split(" +"), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
    }
}
