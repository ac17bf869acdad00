package uk.ilrledger.schemas.ilr;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.values.EvidenceId;

/**
 * Writes legacy-store/record-corrected-v1.json: a learner's events as RecordCorrected version 1
 * stored them (the whole record after the correction), with the records the fold gave for them.
 * Run once, on the code that wrote version 1: -DwriteLegacyStore=path.
 */
class LegacyStoreFixtureWriter {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    @Test
    @EnabledIfSystemProperty(named = "writeLegacyStore", matches = ".+")
    void write() throws Exception {
        List<Object[]> events = new ArrayList<>();
        IlrLearner registered = IlrFoldTest.learnerForTests();
        events.add(new Object[] {null, new LearnerRegistered(IlrFoldTest.LEARNER, registered, "admin")});
        LocalDate mayEnd = LocalDate.of(2026, 5, 31);
        UUID withdrawal = UUID.fromString("00000000-0000-4000-8000-000000000001");
        List<EvidenceId> evidence = List.of(new EvidenceId("b".repeat(64)));
        events.add(new Object[] {mayEnd, new ChangeRaised(IlrFoldTest.LEARNER, withdrawal,
                new ChangeProposal.Withdrawal(mayEnd, 97), List.of("p", "c"), mayEnd, "left", evidence, "raiser")});
        events.add(new Object[] {mayEnd, new ChangeApproved(IlrFoldTest.LEARNER, withdrawal, "approver", null)});
        events.add(new Object[] {mayEnd, new LearnerWithdrawn(IlrFoldTest.LEARNER, withdrawal, List.of("p", "c"),
                mayEnd, 97, "left", evidence, "raiser", "approver")});
        LocalDate january = LocalDate.of(2026, 1, 15);
        UUID correction = UUID.fromString("00000000-0000-4000-8000-000000000002");
        events.add(new Object[] {january, new ChangeRaised(IlrFoldTest.LEARNER, correction,
                new ChangeProposal.Correction(Map.of("postcode", "ZZ99 1AB"), null), List.of(), january, "moved",
                evidence, "raiser")});
        events.add(new Object[] {january, new ChangeApproved(IlrFoldTest.LEARNER, correction, "approver", null)});
        IlrLearner beforeCorrection = fold(events);
        IlrLearner.Builder corrected = beforeCorrection.toBuilder();
        corrected.postcode = "ZZ99 1AB";
        events.add(new Object[] {january, new RecordCorrected(IlrFoldTest.LEARNER, correction, List.of(),
                corrected.build(), "moved", evidence, "raiser", "approver")});
        // An import's correction: no change raised, so no effective date. The file renames the learner
        // and brings an aim the ledger did not hold.
        IlrLearner beforeImport = fold(events);
        IlrLearner.Builder imported = beforeImport.toBuilder();
        imported.familyName = "Exampel";
        LearningDelivery.Builder extra = IlrFoldTest.aim("x", 3, 4).toBuilder();
        extra.learnStartDate = LocalDate.of(2026, 3, 2);
        extra.fundModel = 35;
        extra.progType = null;
        extra.stdCode = null;
        extra.appFinRecords = List.of();
        extra.learningDeliveryFams = List.of(new LearningDeliveryFam("SOF", "105", null, null));
        List<LearningDelivery> aims = new ArrayList<>(beforeImport.learningDeliveries());
        aims.add(extra.build());
        imported.learningDeliveries = aims;
        events.add(new Object[] {null, new RecordCorrected(IlrFoldTest.LEARNER,
                UUID.fromString("00000000-0000-4000-8000-000000000003"), List.of("x"), imported.build(),
                "Imported from ILR file ILR-10000001-2526-20260610-090000-01.xml", evidence, "admin", "admin")});

        ObjectNode fixture = JSON.createObjectNode();
        ArrayNode stored = fixture.putArray("events");
        for (Object[] e : events) {
            ObjectNode row = stored.addObject();
            row.put("type", e[1].getClass().getSimpleName());
            row.put("effectiveDate", e[0] == null ? null : e[0].toString());
            row.set("payload", JSON.valueToTree(e[1]));
        }
        fixture.set("current", JSON.valueToTree(fold(events)));
        ObjectNode effectiveOn = fixture.putObject("effectiveOn");
        for (String date : List.of("2025-10-01", "2026-02-01", "2026-05-31", "2026-07-31")) {
            effectiveOn.set(date, JSON.valueToTree(inEffect(events, LocalDate.parse(date))));
        }
        Files.writeString(Path.of(System.getProperty("writeLegacyStore")),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fixture) + "\n");
    }

    private static IlrLearner fold(List<Object[]> events) {
        return IlrFold.replay(events.stream().map(e -> (LearnerEvent) e[1]).toList());
    }

    /** As ReturnSnapshots.effectiveOn read a learner on a date when version 1 was current. */
    private static IlrLearner inEffect(List<Object[]> events, LocalDate date) {
        IlrLearner record = IlrFold.replay(events.stream()
                .filter(e -> e[0] == null || !((LocalDate) e[0]).isAfter(date)).map(e -> (LearnerEvent) e[1]).toList());
        return record.withLearningDeliveries(record.learningDeliveries().stream()
                .filter(aim -> !aim.learnStartDate().isAfter(date)).toList());
    }
}
