package uk.ilrledger.schemas.ilr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.upcasting.EventVersions;

/**
 * A store written while RecordCorrected was version 1 (each correction the learner's whole record):
 * legacy-store/record-corrected-v1.json holds the events exactly as that code wrote them, and the
 * records its fold gave. The learner was withdrawn effective 31 May 2026, then had their postcode
 * corrected effective 15 January 2026, then an imported file renamed them and added an aim.
 */
class LegacyStoreTest {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    final JsonNode fixture = read();
    final List<DatedEvent> events = events(fixture);

    @Test
    void theCurrentRecordIsTheSameAsVersion1Gave() throws Exception {
        IlrLearner current = IlrFold.replay(events.stream().map(DatedEvent::event).toList());
        assertThat(current).isEqualTo(JSON.treeToValue(fixture.get("current"), IlrLearner.class));
        assertThat(events.stream().map(DatedEvent::event).filter(RecordCorrected.class::isInstance)
                .map(RecordCorrected.class::cast)).allMatch(RecordCorrected::wholeRecord);
    }

    @Test
    void onEveryDateVersion1HadRightTheRecordInEffectIsTheSame() throws Exception {
        // From the withdrawal on, every change was in effect, and version 1's whole records were right.
        for (String date : List.of("2026-05-31", "2026-07-31")) {
            assertThat(inEffectOn(LocalDate.parse(date))).as(date)
                    .isEqualTo(JSON.treeToValue(fixture.get("effectiveOn").get(date), IlrLearner.class));
        }
    }

    @Test
    void beforeTheWithdrawalTheOldCorrectionsNoLongerCarryItBackInTime() throws Exception {
        IlrLearner wrongInVersion1 = JSON.treeToValue(fixture.get("effectiveOn").get("2026-02-01"), IlrLearner.class);
        assertThat(wrongInVersion1.aim("p").orElseThrow().compStatus()).isEqualTo(3);

        IlrLearner february = inEffectOn(LocalDate.of(2026, 2, 1));
        assertThat(february.aim("p").orElseThrow().compStatus()).isEqualTo(1);
        assertThat(february.aim("c").orElseThrow().learnActEndDate()).isNull();
        assertThat(february.postcode()).isEqualTo("ZZ99 1AB");
        assertThat(february.familyName()).isEqualTo("Exampel"); // the import's correction holds from the start

        IlrLearner october = inEffectOn(LocalDate.of(2025, 10, 1));
        assertThat(october.postcode()).isEqualTo("ZZ99 9ZZ");
        assertThat(october.aim("p").orElseThrow().compStatus()).isEqualTo(1);
    }

    private IlrLearner inEffectOn(LocalDate date) {
        IlrLearner record = IlrFold.inEffectOn(events, date);
        return record.withLearningDeliveries(record.learningDeliveries().stream()
                .filter(aim -> !aim.learnStartDate().isAfter(date)).toList());
    }

    private static JsonNode read() {
        try (InputStream in = LegacyStoreTest.class.getResourceAsStream("/legacy-store/record-corrected-v1.json")) {
            return JSON.readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each stored payload read as the event store reads it: upcast from version 1 to the current version. */
    private static List<DatedEvent> events(JsonNode fixture) {
        List<DatedEvent> events = new ArrayList<>();
        for (JsonNode row : fixture.get("events")) {
            String type = row.get("type").asText();
            Map<String, Object> json = JSON.convertValue(row.get("payload"), new TypeReference<LinkedHashMap<String, Object>>() {
            });
            Map<String, Object> current = EventVersions.LEARNER_EVENTS.upcast(type, 1, json);
            try {
                LearnerEvent event = (LearnerEvent) JSON.convertValue(current,
                        Class.forName("uk.ilrledger.schemas.learner." + type));
                LocalDate effective = row.get("effectiveDate").isNull() ? null
                        : LocalDate.parse(row.get("effectiveDate").asText());
                events.add(new DatedEvent(effective, event));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return events;
    }
}
