package uk.ilrledger.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.upcasting.EventUpcaster;
import uk.ilrledger.schemas.upcasting.EventVersions;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * The compatibility rules on a small made-up event, "Left", published as version 1 with
 * learnActEndDate, withdrawReason and an optional comment: each way of changing the record is
 * caught or allowed as a consumer of version 1 would need.
 */
class SchemaCompatibilityTest {

    static final LearnerId LEARNER = LearnerId.of(10000001, "LRN1");
    static final LocalDate LAST_DAY = LocalDate.of(2026, 2, 27);

    static final String V1 = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://ilr-ledger.uk/json-schemas/learner-events/Left.v1.schema.json",
              "type": "object",
              "properties": {
                "learner": {
                  "type": "object",
                  "properties": { "ukprn": { "type": "integer" }, "learnRefNumber": { "type": "string" } },
                  "required": ["ukprn", "learnRefNumber"]
                },
                "learnActEndDate": { "type": "string", "format": "date" },
                "withdrawReason": { "type": "integer" },
                "comment": { "type": "string" }
              },
              "required": ["learner", "learnActEndDate", "withdrawReason"],
              "examples": [
                { "learner": { "ukprn": 10000001, "learnRefNumber": "LRN1" }, "learnActEndDate": "2026-02-27",
                  "withdrawReason": 97 }
              ]
            }""";

    /** Version 2 renames withdrawReason to withdrawalReason. */
    static final String V2 = V1.replaceAll("(?s),\\s*\"examples\".*\\]", "").replace("Left.v1", "Left.v2")
            .replace("withdrawReason", "withdrawalReason");

    record Left(LearnerId learner, LocalDate learnActEndDate, int withdrawReason, String comment) {
    }

    record LeftWithRenamedReason(LearnerId learner, LocalDate learnActEndDate, int withdrawalReason, String comment) {
    }

    record LeftWithReasonAsText(LearnerId learner, LocalDate learnActEndDate, String withdrawReason, String comment) {
    }

    record LeftWithDateAsTimestamp(LearnerId learner, java.time.Instant learnActEndDate, int withdrawReason,
            String comment) {
    }

    record LeftWithoutComment(LearnerId learner, LocalDate learnActEndDate, int withdrawReason) {
    }

    record LeftWithOutcome(LearnerId learner, LocalDate learnActEndDate, int withdrawReason, String comment,
            Integer outcome) {
    }

    record LeftWithRequiredOutcome(LearnerId learner, LocalDate learnActEndDate, int withdrawReason, String comment,
            int outcome) {
    }

    static final EventUpcaster RENAME_REASON = new EventUpcaster() {
        public String eventType() {
            return "Left";
        }

        public int fromVersion() {
            return 1;
        }

        public Map<String, Object> upcast(Map<String, Object> event) {
            Map<String, Object> next = new LinkedHashMap<>(event);
            next.put("withdrawalReason", next.remove("withdrawReason"));
            return next;
        }
    };

    static final EventUpcaster FORGETS_THE_REASON = new EventUpcaster() {
        public String eventType() {
            return "Left";
        }

        public int fromVersion() {
            return 1;
        }

        public Map<String, Object> upcast(Map<String, Object> event) {
            Map<String, Object> next = new LinkedHashMap<>(event);
            next.remove("withdrawReason");
            return next;
        }
    };

    static List<ContractCheck.Finding> differences(PublishedSchemas schemas, Object example) {
        EventShape shape = EventShape.of(example.getClass(), EventShape.instancesIn(List.of(example)));
        return new ContractCheck(schemas).differences("Left", shape);
    }

    static String advice(PublishedSchemas schemas, Object example) {
        return new ContractCheck(schemas).advice("Left", differences(schemas, example)).orElse("");
    }

    static final PublishedSchemas ONLY_V1 = PublishedSchemas.of(Map.of("Left.v1.schema.json", V1));

    @Test
    void theRecordAsPublishedMatches() {
        assertThat(differences(ONLY_V1, new Left(LEARNER, LAST_DAY, 97, null))).isEmpty();
    }

    @Test
    void aRenamedFieldIsBreakingAndNeedsVersion2AndAnUpcaster() {
        List<ContractCheck.Finding> findings = differences(ONLY_V1,
                new LeftWithRenamedReason(LEARNER, LAST_DAY, 97, null));

        assertThat(findings).extracting(ContractCheck.Finding::path)
                .containsExactlyInAnyOrder("Left.withdrawReason", "Left.withdrawalReason");
        assertThat(findings).allMatch(ContractCheck.Finding::breaking);
        assertThat(advice(ONLY_V1, new LeftWithRenamedReason(LEARNER, LAST_DAY, 97, null)))
                .contains("Breaking change: publish Left.v2.schema.json")
                .contains("register an upcaster from version 1");
    }

    @Test
    void aRemovedOptionalFieldIsStillBreaking() {
        assertThat(differences(ONLY_V1, new LeftWithoutComment(LEARNER, LAST_DAY, 97)))
                .singleElement()
                .satisfies(finding -> {
                    assertThat(finding.path()).isEqualTo("Left.comment");
                    assertThat(finding.breaking()).isTrue();
                });
    }

    @Test
    void aChangedTypeOrFormatIsBreaking() {
        assertThat(differences(ONLY_V1, new LeftWithReasonAsText(LEARNER, LAST_DAY, "97", null)))
                .singleElement()
                .satisfies(finding -> {
                    assertThat(finding.path()).isEqualTo("Left.withdrawReason");
                    assertThat(finding.problem()).contains("integer").contains("string");
                    assertThat(finding.breaking()).isTrue();
                });
        assertThat(differences(ONLY_V1, new LeftWithDateAsTimestamp(LEARNER, java.time.Instant.EPOCH, 97, null)))
                .singleElement()
                .satisfies(finding -> {
                    assertThat(finding.path()).isEqualTo("Left.learnActEndDate");
                    assertThat(finding.breaking()).isTrue();
                });
    }

    @Test
    void aNewOptionalFieldOnlyNeedsTheSchemaUpdatedInPlace() {
        Object withOutcome = new LeftWithOutcome(LEARNER, LAST_DAY, 97, null, null);
        assertThat(differences(ONLY_V1, withOutcome)).singleElement().satisfies(finding -> {
            assertThat(finding.path()).isEqualTo("Left.outcome");
            assertThat(finding.breaking()).isFalse();
        });
        assertThat(advice(ONLY_V1, withOutcome)).startsWith("Update Left.v1.schema.json (no new version needed)");

        PublishedSchemas updated = PublishedSchemas.of(Map.of("Left.v1.schema.json",
                V1.replace("\"comment\": { \"type\": \"string\" }",
                        "\"comment\": { \"type\": \"string\" }, \"outcome\": { \"type\": \"integer\" }")));
        assertThat(differences(updated, withOutcome)).isEmpty();
    }

    @Test
    void aNewFieldThatIsAlwaysPresentIsBreakingBecausePublishedEventsLackIt() {
        assertThat(differences(ONLY_V1, new LeftWithRequiredOutcome(LEARNER, LAST_DAY, 97, null, 1)))
                .singleElement()
                .satisfies(finding -> {
                    assertThat(finding.path()).isEqualTo("Left.outcome");
                    assertThat(finding.breaking()).isTrue();
                });
    }

    @Test
    void raisingTheVersionWithoutAnUpcasterIsRefused() {
        PublishedSchemas both = PublishedSchemas.of(Map.of("Left.v1.schema.json", V1, "Left.v2.schema.json", V2));
        assertThat(differences(both, new LeftWithRenamedReason(LEARNER, LAST_DAY, 97, null))).isEmpty();

        List<String> problems = new ContractCheck(both).history("Left", LeftWithRenamedReason.class, versions());

        assertThat(problems).singleElement().asString()
                .contains("v1 is superseded by v2 but no upcaster from v1 is registered");
    }

    @Test
    void raisingTheVersionWithAnUpcasterIsAccepted() {
        PublishedSchemas both = PublishedSchemas.of(Map.of("Left.v1.schema.json", V1, "Left.v2.schema.json", V2));

        assertThat(new ContractCheck(both).history("Left", LeftWithRenamedReason.class, versions(RENAME_REASON)))
                .isEmpty();
    }

    @Test
    void anUpcasterWhoseResultIsNotAValidCurrentEventIsRefused() {
        PublishedSchemas both = PublishedSchemas.of(Map.of("Left.v1.schema.json", V1, "Left.v2.schema.json", V2));

        List<String> problems = new ContractCheck(both).history("Left", LeftWithRenamedReason.class,
                versions(FORGETS_THE_REASON));

        assertThat(problems).isNotEmpty().allMatch(problem -> problem.contains("v1 example upcast to v2"))
                .anyMatch(problem -> problem.contains("withdrawalReason"));
    }

    @Test
    void aSupersededVersionWithoutAnExampleCannotShowItsUpcasterWorks() {
        PublishedSchemas noExample = PublishedSchemas.of(Map.of(
                "Left.v1.schema.json", V1.replaceAll("(?s),\\s*\"examples\".*\\]", ""), "Left.v2.schema.json", V2));

        assertThat(new ContractCheck(noExample).history("Left", LeftWithRenamedReason.class, versions(RENAME_REASON)))
                .singleElement().asString().contains("needs an \"examples\" instance");
    }

    private static EventVersions versions(EventUpcaster... upcasters) {
        return new EventVersions("none/", SchemaCompatibilityTest.class.getClassLoader(), List.of(upcasters));
    }
}
