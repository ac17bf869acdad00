package uk.ilrledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * B8 at a tiny scale: one instance, then two, each a JVM of its own, a few seconds each. What a user
 * of the figures relies on, not the figures: every instance answered, approvals were counted, no
 * answer was a 5xx or unexpected, the store grew by exactly the events of the changes acknowledged,
 * the Kafka backlog was published whole (de-duplicated by event id, exactly the store's events), by
 * both instances when there were two, no instance outlives the run, and the store, with what the
 * instances appended, verifies. No speed is asserted.
 */
class InstancesBenchTest {

    private static final Pattern ANSWERS = Pattern.compile(
            "(?m)^B8 answers: by instance ([^;]+); [^;]+; 5xx ([^;]+); unanswered (\\d+); unexpected (.+)$");
    private static final Pattern STORE = Pattern.compile("(?m)^B8 store: grew by ([0-9,]+) events; acknowledged "
            + "([0-9,]+) raises \\+ 2 × ([0-9,]+) approvals = ([0-9,]+) events \\((\\w+)\\)");
    private static final Pattern INSTANCE = Pattern.compile("(\\d+-[a-z]) ([0-9,]+)");
    private static final Pattern PUBLICATION = Pattern.compile("(?m)^B8 publication: \\d+ instances?: the last "
            + "([0-9,]+) learner events of the store .*; (\\d+) of (\\d+) instances waiting to claim their segments at "
            + "the release$");
    private static final Pattern PUBLISHED = Pattern.compile("(?m)^B8 publication records: ([0-9,]+) records, "
            + "([0-9,]+) distinct event ids, ([0-9,]+) duplicates; store's events ([0-9,]+) \\S+ distinct ids \\((\\w+)\\); "
            + "missing ([0-9,]+), unknown ([0-9,]+); by instance (.+); segments (.+)$");

    @TempDir
    Path directory;

    @Test
    void oneThenTwoInstancesEachAnswerAndTheStoreHoldsExactlyWhatTheyAcknowledged() throws Exception {
        TestDatabase database = OwnDatabase.create("instances");
        Path markdown = directory.resolve("bench.md");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Bench.Result> results = Bench.run(new String[] {"--learners", "100", "--events", "1500", "--steps", "B8,B6",
                "--instances", "1,2", "--instance-warmup", "2", "--instance-seconds", "3", "--instance-clients", "4",
                "--instance-backlog", "1000",
                // C1 only: the instances start in about half the time; the rate is not what this test is about.
                "--instance-java-options", "-Xmx512m -XX:TieredStopAtLevel=1",
                "--markdown", markdown.toString(), "--database-url", database.jdbcUrl(), "--db-user",
                database.username(), "--db-password", database.password()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(results).extracting(Bench.Result::id).containsExactly("B8", "B6");
        assertThat(results.get(0).ratio()).as(output).isPositive().isFinite();
        // The instances wrote their chain links with the bench's key: the whole store verifies afterwards.
        assertThat(output).containsPattern("B6 system: verify, [0-9,]+ learners, [0-9,]+ events in .*; intact");

        List<List<String>> answered = new ArrayList<>();
        Matcher answers = ANSWERS.matcher(output);
        while (answers.find()) {
            List<String> instances = new ArrayList<>();
            Matcher instance = INSTANCE.matcher(answers.group(1));
            while (instance.find()) {
                assertThat(number(instance.group(2))).as("answers of %s", instance.group(1)).isPositive();
                instances.add(instance.group(1));
            }
            answered.add(instances);
            assertThat(answers.group(2)).as("5xx answers").isEqualTo("none");
            assertThat(answers.group(3)).as("requests without an answer").isEqualTo("0");
            assertThat(answers.group(4)).as("refused or unexpected answers").isEqualTo("none");
        }
        assertThat(answered).as(output).containsExactly(List.of("1-a"), List.of("2-a", "2-b"));

        Matcher store = STORE.matcher(output);
        int counts = 0;
        while (store.find()) {
            counts++;
            long grew = number(store.group(1));
            long raises = number(store.group(2));
            long approvals = number(store.group(3));
            assertThat(approvals).as("approvals acknowledged").isPositive();
            // A raise appends ChangeRaised; an approval ChangeApproved and EmployerChanged.
            assertThat(grew).as("events the store gained").isEqualTo(raises + 2 * approvals)
                    .isEqualTo(number(store.group(4)));
            assertThat(store.group(5)).isEqualTo("exact");
        }
        assertThat(counts).as(output).isEqualTo(2);

        // The publisher went back over the last 1,000 events with the instances holding their shares of its segments.
        Matcher publication = PUBLICATION.matcher(output);
        int publications = 0;
        while (publication.find()) {
            publications++;
            assertThat(number(publication.group(1))).as("learner events in the backlog").isPositive()
                    .isLessThanOrEqualTo(1000);
            assertThat(publication.group(2)).as("instances waiting to claim at the release").isEqualTo(publication.group(3));
        }
        assertThat(publications).as(output).isEqualTo(2);
        List<List<String>> published = new ArrayList<>();
        Matcher records = PUBLISHED.matcher(output);
        while (records.find()) {
            long distinct = number(records.group(2));
            long stored = number(records.group(4));
            assertThat(stored).as("learner events in the backlog").isPositive();
            // At least once: every event of the backlog came, and nothing else; duplicates are allowed, and counted.
            assertThat(number(records.group(1))).as("records").isEqualTo(distinct + number(records.group(3)));
            assertThat(number(records.group(6))).as("backlog events never published").isZero();
            assertThat(number(records.group(7))).as("event ids not of the backlog").isZero();
            assertThat(distinct).as("distinct event ids").isEqualTo(stored);
            assertThat(records.group(5)).isEqualTo("exact");
            assertThat(records.group(9)).isEqualTo("held by their instances throughout");
            List<String> instances = new ArrayList<>();
            long byInstances = 0;
            Matcher instance = INSTANCE.matcher(records.group(8));
            while (instance.find()) {
                assertThat(number(instance.group(2))).as("events published by %s", instance.group(1)).isPositive();
                byInstances += number(instance.group(2));
                instances.add(instance.group(1));
            }
            assertThat(byInstances).as("events by instance").isEqualTo(distinct);
            published.add(instances);
        }
        assertThat(published).as(output).containsExactly(List.of("1-a"), List.of("2-a", "2-b"));

        assertThat(Files.readString(markdown)).contains("| B8 |", "| instances | approvals/s | events/s",
                "| instances | learner events in the backlog |");
        // Every instance was stopped: none of the service's JVMs started by this one is left.
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(ServiceInstance.MAIN_CLASS)))
                .as("instances still running").isEmpty();
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }
}
