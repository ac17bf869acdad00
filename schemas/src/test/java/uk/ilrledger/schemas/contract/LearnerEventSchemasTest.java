package uk.ilrledger.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.upcasting.EventVersions;

/**
 * Every learner event has a published JSON Schema (draft 2020-12), the events the ledger writes are
 * valid under it, and the code has not drifted from the latest published version of any of them.
 */
class LearnerEventSchemasTest {

    static final Pattern SCHEMA_FILE = Pattern.compile("([A-Za-z]+)\\.v([0-9]+)\\.schema\\.json");

    final PublishedSchemas schemas = PublishedSchemas.onClasspath();
    final ContractCheck contract = new ContractCheck(schemas);

    /** Every concrete event of the sealed hierarchy. */
    static Set<Class<?>> eventTypes(Class<?> type) {
        if (!type.isSealed()) {
            return Set.of(type);
        }
        return Arrays.stream(type.getPermittedSubclasses()).flatMap(t -> eventTypes(t).stream())
                .collect(Collectors.toSet());
    }

    static String name(Class<?> eventType) {
        return eventType.getSimpleName();
    }

    @Test
    void everyEventTypeHasAPublishedSchemaWhoseVersionIsTheOnePublishedOnKafka() {
        List<String> missing = new ArrayList<>();
        for (Class<?> type : eventTypes(LearnerEvent.class)) {
            List<Integer> versions = schemas.versions(name(type));
            if (versions.isEmpty()) {
                missing.add(PublishedSchemas.fileName(name(type), 1));
            } else {
                assertThat(EventVersions.LEARNER_EVENTS.current(name(type))).as(name(type)).isEqualTo(versions.size());
            }
        }
        assertThat(missing).as("events without a JSON Schema in json-schemas/learner-events/").isEmpty();
    }

    @Test
    void everySchemaFileIsDraft2020_12NamedByItsIdAndDescribesAnEventThatExists() throws Exception {
        Set<String> events = eventTypes(LearnerEvent.class).stream().map(LearnerEventSchemasTest::name)
                .collect(Collectors.toSet());
        for (String file : schemaFiles()) {
            Matcher named = SCHEMA_FILE.matcher(file);
            assertThat(named.matches()).as(file + " is named <EventType>.v<n>.schema.json").isTrue();
            if (!named.group(1).equals("definitions")) {
                assertThat(events).as(file + " describes an event the code has").contains(named.group(1));
            }
            JsonNode schema = schemas.document(PublishedSchemas.BASE + file).orElseThrow();
            assertThat(schema.path("$schema").asText()).as(file).isEqualTo(PublishedSchemas.DIALECT);
            assertThat(schema.path("$id").asText()).as(file).isEqualTo(PublishedSchemas.BASE + file);
        }
    }

    @Test
    void everyEventTypeHasExamples() {
        Set<Class<?>> exemplified = LearnerEventExamples.all().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(exemplified).containsExactlyInAnyOrderElementsOf(eventTypes(LearnerEvent.class));
    }

    @Test
    void everySerializedExampleIsValidUnderTheCurrentSchemaOfItsType() {
        List<String> invalid = new ArrayList<>();
        for (LearnerEvent event : LearnerEventExamples.all()) {
            String type = name(event.getClass());
            JsonNode json = EventJson.MAPPER.valueToTree(event);
            schemas.validate(type, EventVersions.LEARNER_EVENTS.current(type), json)
                    .forEach(error -> invalid.add(type + " " + json + "\n    " + error));
        }
        assertThat(invalid).isEmpty();
    }

    @Test
    void theCodeWritesEveryEventAsTheLatestVersionOfItsSchemaDescribesIt() {
        Map<Class<?>, Object> examples = EventShape.instancesIn(LearnerEventExamples.all());
        List<String> drift = new ArrayList<>();
        for (Class<?> type : eventTypes(LearnerEvent.class).stream()
                .sorted(java.util.Comparator.comparing(Class::getSimpleName)).toList()) {
            List<ContractCheck.Finding> findings = contract.differences(name(type), EventShape.of(type, examples));
            contract.advice(name(type), findings).ifPresent(advice -> drift.add(name(type) + ": " + advice));
        }
        assertThat(drift).isEmpty();
    }

    @Test
    void everySupersededVersionHasAnUpcasterWhoseResultTheCodeReads() {
        List<String> problems = new ArrayList<>();
        for (Class<?> type : eventTypes(LearnerEvent.class)) {
            problems.addAll(contract.history(name(type), type, EventVersions.LEARNER_EVENTS));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aWithdrawalWithoutItsWithdrawReasonOrWithAnUnIsoDateIsNotValid() {
        ObjectNode withdrawn = EventJson.MAPPER.valueToTree(LearnerEventExamples.all().stream()
                .filter(LearnerWithdrawn.class::isInstance).findFirst().orElseThrow());
        assertThat(schemas.validate("LearnerWithdrawn", 1, withdrawn)).isEmpty();

        ObjectNode noReason = withdrawn.deepCopy();
        noReason.remove("withdrawReason");
        assertThat(schemas.validate("LearnerWithdrawn", 1, noReason)).singleElement().asString()
                .contains("withdrawReason");

        ObjectNode britishDate = withdrawn.deepCopy();
        britishDate.put("learnActEndDate", "27/02/2026");
        assertThat(schemas.validate("LearnerWithdrawn", 1, britishDate)).singleElement().asString()
                .contains("learnActEndDate");

        ObjectNode badUkprn = withdrawn.deepCopy();
        ((ObjectNode) badUkprn.get("learner")).put("ukprn", 123);
        assertThat(schemas.validate("LearnerWithdrawn", 1, badUkprn)).singleElement().asString().contains("ukprn");
    }

    @Test
    void aChangeProposalMustBeOneOfTheKnownTypes() {
        ObjectNode raised = EventJson.MAPPER.valueToTree(LearnerEventExamples.all().stream()
                .filter(e -> e instanceof uk.ilrledger.schemas.learner.ChangeRaised).findFirst().orElseThrow());
        assertThat(schemas.validate("ChangeRaised", 3, raised)).isEmpty();
        ((ObjectNode) raised.get("proposal")).put("type", "TRANSFER");
        assertThat(schemas.validate("ChangeRaised", 3, raised)).isNotEmpty();
    }

    /** The schema files as they sit in this module's build output. */
    private static List<String> schemaFiles() throws IOException, URISyntaxException {
        Path folder = Path.of(LearnerEventSchemasTest.class.getClassLoader()
                .getResource(PublishedSchemas.CLASSPATH_FOLDER).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
