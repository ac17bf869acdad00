package uk.ilrledger.query.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import uk.ilrledger.projections.eventlog.LoggedEvent;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.learner.AimAdded;
import uk.ilrledger.schemas.learner.AimCompleted;
import uk.ilrledger.schemas.learner.AimForceIncluded;
import uk.ilrledger.schemas.learner.AimRemoved;
import uk.ilrledger.schemas.learner.AimTerms;
import uk.ilrledger.schemas.learner.BreakInLearningStarted;
import uk.ilrledger.schemas.learner.CorrectedField;
import uk.ilrledger.schemas.learner.EmployerChanged;
import uk.ilrledger.schemas.learner.EndPointAssessmentRecorded;
import uk.ilrledger.schemas.learner.LearnerDidNotReturn;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.learner.LearningRestarted;
import uk.ilrledger.schemas.learner.OutcomeRecorded;
import uk.ilrledger.schemas.learner.PriceChanged;
import uk.ilrledger.schemas.learner.PriorLearningRecognised;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.learner.RestartedAim;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Uln;

/**
 * Random histories of every kind of change (contract type and FAM changes aside, whose fields are
 * not compared here), approved in one order and taking effect in another,
 * across year ends, against a small model of "each change is in effect from its date": on any date a
 * field holds the value the latest change in effect by then gave it (approval order among changes of
 * the same date). Checked for the {@code effectiveOn} record on a sample of dates and for every
 * return R01-R14 of two years: the values of the returned aims (R13 and R14 finishing the year with
 * outcomes and corrections recorded after 31 July), and that break aims and aims pending an outcome
 * at the previous year end are returned.
 */
class EffectiveDatesPropertyTest {

    static final LearnerId LEARNER = LearnerId.of(10000001, "LRN1");
    static final LocalDate START = LocalDate.of(2025, 9, 1);
    static final LocalDate LAST = LocalDate.of(2027, 10, 31);
    static final List<EvidenceId> EVIDENCE = List.of(new EvidenceId("e".repeat(64)));
    static final List<String> ORIGINAL = List.of("p", "c");
    static final List<CollectionYear> YEARS = List.of(CollectionYear.parse("2526"), CollectionYear.parse("2627"));
    static final AtomicLong HISTORIES = new AtomicLong();
    static final AtomicLong DATES = new AtomicLong();
    static final AtomicLong RETURNS = new AtomicLong();

    enum Kind {
        WITHDRAWAL, BREAK, RESTART, EMPLOYER, RPL, COMPLETION, OUTCOME, CORRECTION, FORCE_INCLUDE,
        END_POINT_ASSESSMENT, PRICE_CHANGE, DID_NOT_RETURN, ADD_AIM, REMOVE_AIM
    }

    /** One approved change: what it sets, on which aims, from which date. Approval order is list order. */
    record Change(Kind kind, LocalDate date, List<String> aims, Map<String, Object> learnerFields,
            Map<String, Object> aimFields, Map<String, String> restarts, boolean wholeRecord, String year) {
    }

    @Property(tries = 200)
    void theRecordAndEveryReturnHoldWhatEachChangeSetsFromItsOwnDate(@ForAll long seed) {
        Random random = new Random(seed);
        List<Change> changes = history(random);
        List<LoggedEvent> events = events(changes);
        HISTORIES.incrementAndGet();

        List<LocalDate> dates = new ArrayList<>(List.of(START, LocalDate.of(2026, 7, 31), LocalDate.of(2026, 8, 1)));
        for (int i = 0; i < 9; i++) {
            dates.add(START.plusDays(random.nextInt((int) (LAST.toEpochDay() - START.toEpochDay()) + 1)));
        }
        for (LocalDate date : dates) {
            DATES.incrementAndGet();
            IlrLearner record = ReturnSnapshots.effectiveOn(events, date);
            Model model = Model.of(changes, c -> !c.date().isAfter(date), date);
            assertThat(observed(record)).as(() -> "effectiveOn " + date + ", history " + changes)
                    .isEqualTo(model.observed());
        }

        for (CollectionYear year : YEARS) {
            for (int n = 1; n <= 14; n++) {
                RETURNS.incrementAndGet();
                ReturnPeriod period = new ReturnPeriod(n);
                LocalDate lastDay = period.lastDay(year);
                LocalDate prepared = n == 13 ? year.lastDay().plusDays(46) : n == 14 ? year.lastDay().plusDays(76)
                        : lastDay.plusDays(6);
                LocalDate cut = ReturnSnapshots.cut(year, period, prepared);
                ReturnSnapshot.Learner returned = ReturnSnapshots.learner(events, year, period, cut, prepared, Set.of());
                Model model = n >= 13
                        ? Model.of(changes, c -> !c.date().isAfter(cut) || !c.date().isAfter(prepared)
                                && (c.kind() == Kind.OUTCOME || c.kind() == Kind.END_POINT_ASSESSMENT
                                || c.kind() == Kind.CORRECTION), cut)
                        : Model.of(changes, c -> !c.date().isAfter(cut), cut);
                Map<String, Map<String, Object>> expected = model.aims();
                Map<String, Map<String, Object>> actual = returned == null ? Map.of() : observedAims(returned.learner());
                java.util.function.Supplier<String> what = () -> year + " " + period.code() + ", history " + changes;
                actual.forEach((aim, fields) -> assertThat(fields).as(() -> what.get() + " aim " + aim)
                        .isEqualTo(expected.get(aim)));
                if (returned != null) {
                    assertThat(returned.learner().postcode()).as(what).isEqualTo(model.learner().get("postcode"));
                    assertThat(returned.learner().familyName()).as(what).isEqualTo(model.learner().get("familyName"));
                }
                // Which aims must be there whatever else happened: breaks (rule 6), and aims whose outcome
                // was pending at the previous year end (rule 5).
                LocalDate horizon = year.firstDay().minusYears(2);
                Model atCut = Model.of(changes, c -> !c.date().isAfter(cut), cut);
                Model atYearEnd = Model.of(changes, c -> !c.date().isAfter(year.firstDay().minusDays(1)),
                        year.firstDay().minusDays(1));
                atCut.aims().forEach((aim, fields) -> {
                    boolean inReach = !((LocalDate) fields.get("learnPlanEndDate")).isBefore(horizon);
                    Map<String, Object> before = atYearEnd.aims().get(aim);
                    boolean pending = before != null && before.get("learnActEndDate") != null
                            && ((LocalDate) before.get("learnActEndDate")).isBefore(year.firstDay())
                            && Integer.valueOf(8).equals(before.get("outcome"));
                    if (inReach && (Integer.valueOf(6).equals(fields.get("compStatus")) || pending)) {
                        assertThat(actual).as(() -> what.get() + " returns aim " + aim).containsKey(aim);
                    }
                });
            }
        }
    }

    @AfterContainer
    static void size() {
        System.out.printf("EffectiveDatesPropertyTest: %d histories, %d effectiveOn dates, %d returns%n",
                HISTORIES.get(), DATES.get(), RETURNS.get());
    }

    // ---- random histories ------------------------------------------------------------------------

    static List<Change> history(Random random) {
        List<Change> changes = new ArrayList<>();
        int restarts = 0;
        int size = 2 + random.nextInt(10);
        Set<LocalDate> employmentDates = new java.util.HashSet<>();
        for (int i = 0; i < size; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            LocalDate date = START.plusDays(random.nextInt((int) (LAST.toEpochDay() - START.toEpochDay()) + 1));
            List<Change> added = changes.stream().filter(c -> c.kind() == Kind.ADD_AIM).toList();
            if (kind == Kind.REMOVE_AIM && added.isEmpty()) {
                kind = Kind.ADD_AIM;
            }
            List<String> aims = random.nextBoolean() ? ORIGINAL : List.of(ORIGINAL.get(random.nextInt(2)));
            Map<String, Object> learner = new LinkedHashMap<>();
            Map<String, Object> aim = new LinkedHashMap<>();
            Map<String, String> restarted = new LinkedHashMap<>();
            boolean whole = false;
            switch (kind) {
                case WITHDRAWAL -> {
                    aim.put("compStatus", 3);
                    aim.put("learnActEndDate", date);
                    aim.put("withdrawReason", 97);
                    aim.put("outcome", 3);
                }
                case BREAK -> {
                    aim.put("compStatus", 6);
                    aim.put("learnActEndDate", date);
                    aim.put("withdrawReason", null);
                    aim.put("outcome", 3);
                }
                case COMPLETION -> {
                    aim.put("compStatus", 2);
                    aim.put("learnActEndDate", date);
                    aim.put("withdrawReason", null);
                    aim.put("outcome", 8);
                }
                case OUTCOME -> {
                    aim.put("outcome", random.nextBoolean() ? 1 : 3);
                    // With an AchDate a standard is returned in the year of its AchDate; without, only the
                    // outcome pending at the previous year end keeps it.
                    aim.put("achDate", random.nextBoolean() ? date : null);
                }
                case RPL -> {
                    aim.put("learnPlanEndDate", START.plusMonths(9 + random.nextInt(18)));
                    aim.put("pHours", 100 + random.nextInt(300));
                    aim.put("priorLearnFundAdj", random.nextInt(100));
                }
                case RESTART -> aims.forEach(original -> restarted.put(original, "r" + changes.size() + original));
                case EMPLOYER -> {
                    while (!employmentDates.add(date)) {
                        date = date.plusDays(1);
                    }
                }
                case CORRECTION -> {
                    whole = random.nextBoolean();
                    aims = List.of();
                    switch (random.nextInt(4)) {
                        case 0 -> learner.put("postcode", "ZZ" + i + " 1AB");
                        case 1 -> learner.put("familyName", "Name" + i);
                        case 2 -> {
                            aims = List.of(ORIGINAL.get(random.nextInt(2)));
                            aim.put("delLocPostCode", "ZZ" + i + " 2CD");
                        }
                        default -> {
                            aims = List.of(ORIGINAL.get(random.nextInt(2)));
                            aim.put("learnPlanEndDate", START.plusMonths(9 + random.nextInt(18)).plusDays(i));
                        }
                    }
                }
                case FORCE_INCLUDE -> {
                }
                case END_POINT_ASSESSMENT -> {
                    aim.put("compStatus", 2);
                    aim.put("outcome", random.nextBoolean() ? 1 : 3);
                    aim.put("achDate", date);
                }
                case PRICE_CHANGE -> aim.put("prices", 1000 + random.nextInt(9000));
                case DID_NOT_RETURN -> {
                    aim.put("compStatus", 3);
                    aim.put("withdrawReason", 3);
                }
                case ADD_AIM -> aims = List.of("a" + i);
                case REMOVE_AIM -> {
                    // An aim recorded in error is removed from its start: one that was added.
                    Change wrong = added.get(random.nextInt(added.size()));
                    aims = wrong.aims();
                    date = wrong.date();
                }
            }
            // A force-include into a year this test does not look at leaves the date rules to decide alone.
            String year = List.of("2526", "2627", "2728").get(random.nextInt(3));
            changes.add(new Change(kind, date, aims, learner, aim, restarted, whole, year));
            if (kind == Kind.RESTART) {
                restarts++;
            }
        }
        return changes;
    }

    // ---- the ledger's events for a history -----------------------------------------------------

    static List<LoggedEvent> events(List<Change> changes) {
        List<LoggedEvent> events = new ArrayList<>();
        IlrLearner registered = registered();
        events.add(logged(events, null, new LearnerRegistered(LEARNER, registered, "admin")));
        IlrLearner stored = registered;
        int sequence = 2;
        for (Change change : changes) {
            UUID id = UUID.randomUUID();
            LearnerEvent event = switch (change.kind()) {
                case WITHDRAWAL -> new LearnerWithdrawn(LEARNER, id, change.aims(), change.date(), 97, "left", EVIDENCE,
                        "raiser", "approver");
                case BREAK -> new BreakInLearningStarted(LEARNER, id, change.aims(), change.date(), "break", EVIDENCE,
                        "raiser", "approver");
                case COMPLETION -> new AimCompleted(LEARNER, id, change.aims(), change.date(), 8, null, "done", EVIDENCE,
                        "raiser", "approver");
                case OUTCOME -> new OutcomeRecorded(LEARNER, id, change.aims(), (Integer) change.aimFields().get("outcome"),
                        (LocalDate) change.aimFields().get("achDate"), null, "result", EVIDENCE, "raiser", "approver");
                case RPL -> new PriorLearningRecognised(LEARNER, id, change.aims(), List.of(),
                        change.aims().stream().map(aim -> new AimTerms(aim, null, null,
                                (LocalDate) change.aimFields().get("learnPlanEndDate"),
                                (Integer) change.aimFields().get("pHours"),
                                (Integer) change.aimFields().get("priorLearnFundAdj"))).toList(),
                        "rpl", EVIDENCE, "raiser", "approver");
                case RESTART -> {
                    List<RestartedAim> restarts = new ArrayList<>();
                    for (Map.Entry<String, String> r : change.restarts().entrySet()) {
                        restarts.add(new RestartedAim(r.getKey(), r.getValue(), ++sequence));
                    }
                    yield new LearningRestarted(LEARNER, id, change.aims(), restarts, change.date(),
                            change.date().plusMonths(12), null, null, null, "back", EVIDENCE, "raiser", "approver");
                }
                case EMPLOYER -> new EmployerChanged(LEARNER, id, List.of(), change.date(), 10, 123456789, null, null,
                        "new job", EVIDENCE, "raiser", "approver");
                case FORCE_INCLUDE -> new AimForceIncluded(LEARNER, id, change.aims(), change.year(), "returned before",
                        EVIDENCE, "raiser", "approver");
                case CORRECTION -> correction(stored, change, id);
                case END_POINT_ASSESSMENT -> new EndPointAssessmentRecorded(LEARNER, id, change.aims(),
                        (Integer) change.aimFields().get("outcome"), change.date(), null, "EPA", EVIDENCE, "raiser",
                        "approver");
                case PRICE_CHANGE -> new PriceChanged(LEARNER, id, change.aims(), List.of(), List.of(new AppFinRecord(
                        "TNP", 1, change.date(), (Integer) change.aimFields().get("prices"))), "new price", EVIDENCE,
                        "raiser", "approver");
                case DID_NOT_RETURN -> new LearnerDidNotReturn(LEARNER, id, change.aims(), 3, "not back", EVIDENCE,
                        "raiser", "approver");
                case ADD_AIM -> new AimAdded(LEARNER, id, change.aims(), added(change.aims().get(0), change.date(),
                        ++sequence), "missing aim", EVIDENCE, "raiser", "approver");
                case REMOVE_AIM -> new AimRemoved(LEARNER, id, change.aims(), stored.aim(change.aims().get(0)).stream()
                        .toList(), "recorded in error", EVIDENCE, "raiser", "approver");
            };
            events.add(logged(events, change.date(), event));
            stored = IlrFold.apply(stored, event);
        }
        return events;
    }

    /** As the aggregate records it: the fields changed (or, as version 1 did, the whole record after). */
    static RecordCorrected correction(IlrLearner stored, Change change, UUID id) {
        IlrLearner.Builder after = stored.toBuilder();
        change.learnerFields().forEach((field, value) -> {
            if (field.equals("postcode")) {
                after.postcode = (String) value;
            } else {
                after.familyName = (String) value;
            }
        });
        IlrLearner corrected = after.build().withAims(change.aims(), aim -> {
            LearningDelivery.Builder b = aim.toBuilder();
            change.aimFields().forEach((field, value) -> {
                if (field.equals("delLocPostCode")) {
                    b.delLocPostCode = (String) value;
                } else {
                    b.learnPlanEndDate = (LocalDate) value;
                }
            });
            return b.build();
        });
        if (change.wholeRecord()) {
            return new RecordCorrected(LEARNER, id, change.aims(), List.of(), null, "fix", EVIDENCE, "raiser",
                    "approver", corrected);
        }
        List<CorrectedField> fields = new ArrayList<>();
        change.learnerFields().forEach((field, value) -> fields.add(CorrectedField.learner(field,
                field.equals("postcode") ? stored.postcode() : stored.familyName(), value)));
        for (String aim : change.aims()) {
            change.aimFields().forEach((field, value) -> fields.add(CorrectedField.aim(aim, field,
                    stored.aim(aim).orElseThrow().fields().get(field), value)));
        }
        return new RecordCorrected(LEARNER, id, change.aims(), fields, change.date(), "fix", EVIDENCE, "raiser",
                "approver");
    }

    static LoggedEvent logged(List<LoggedEvent> before, LocalDate effective, LearnerEvent event) {
        return new LoggedEvent(before.size() + 1, UUID.randomUUID().toString(),
                Instant.parse("2025-09-01T09:00:00Z").plusSeconds(3600L * before.size()), null, effective, event);
    }

    /** A component added from {@code start}, planned to last a year. */
    static LearningDelivery added(String id, LocalDate start, int aimSeqNumber) {
        LearningDelivery.Builder aim = new LearningDelivery.Builder();
        aim.learnAimRef = "60347435";
        aim.aimType = 3;
        aim.aimSeqNumber = aimSeqNumber;
        aim.learnStartDate = start;
        aim.learnPlanEndDate = start.plusMonths(12);
        aim.fundModel = 36;
        aim.progType = 25;
        aim.stdCode = 91;
        aim.delLocPostCode = "ZZ99 9ZZ";
        aim.compStatus = 1;
        aim.swSupAimId = id;
        aim.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", start, null));
        return aim.build();
    }

    static IlrLearner registered() {
        List<LearningDelivery> aims = new ArrayList<>();
        for (String id : ORIGINAL) {
            LearningDelivery.Builder aim = new LearningDelivery.Builder();
            aim.learnAimRef = id.equals("p") ? "ZPROG001" : "60000001";
            aim.aimType = id.equals("p") ? 1 : 3;
            aim.aimSeqNumber = id.equals("p") ? 1 : 2;
            aim.learnStartDate = START;
            aim.learnPlanEndDate = LocalDate.of(2026, 12, 31);
            aim.fundModel = 36;
            aim.progType = 25;
            aim.stdCode = 91;
            aim.pHours = 400;
            aim.delLocPostCode = "ZZ99 9ZZ";
            aim.compStatus = 1;
            aim.swSupAimId = id;
            aim.learningDeliveryFams = List.of(new LearningDeliveryFam("ACT", "1", START, null));
            aim.appFinRecords = id.equals("p") ? List.of(new AppFinRecord("TNP", 1, START, 9000)) : List.of();
            aims.add(aim.build());
        }
        IlrLearner.Builder learner = new IlrLearner.Builder();
        learner.learnRefNumber = new LearnRefNumber("LRN1");
        learner.uln = new Uln(1000000000L);
        learner.familyName = "Example";
        learner.givenNames = "Sam";
        learner.ethnicity = 31;
        learner.sex = "F";
        learner.llddHealthProb = 2;
        learner.postcodePrior = "ZZ99 9ZZ";
        learner.postcode = "ZZ99 9ZZ";
        learner.learnerEmploymentStatuses = List.of(new LearnerEmploymentStatus(10, START.minusDays(1), 123456789,
                List.of()));
        learner.learningDeliveries = aims;
        return learner.build();
    }

    // ---- what is compared ------------------------------------------------------------------------

    static final List<String> AIM_FIELDS = List.of("compStatus", "learnActEndDate", "withdrawReason", "outcome",
            "achDate", "learnPlanEndDate", "pHours", "priorLearnFundAdj", "delLocPostCode");

    static Map<String, Object> observed(IlrLearner record) {
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("postcode", record.postcode());
        observed.put("familyName", record.familyName());
        observed.put("employment", record.learnerEmploymentStatuses().stream()
                .map(LearnerEmploymentStatus::dateEmpStatApp).sorted().toList());
        observed.put("aims", observedAims(record));
        return observed;
    }

    static Map<String, Map<String, Object>> observedAims(IlrLearner record) {
        Map<String, Map<String, Object>> aims = new TreeMap<>();
        for (LearningDelivery aim : record.learningDeliveries()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            AIM_FIELDS.forEach(f -> fields.put(f, aim.fields().get(f)));
            fields.put("prices", aim.appFinRecords().stream().map(AppFinRecord::aFinAmount).toList());
            aims.put(aim.swSupAimId(), fields);
        }
        return aims;
    }

    /** The model: start from the registration, set what each change in view sets, in date order. */
    record Model(Map<String, Object> learner, List<LocalDate> employment, Map<String, Map<String, Object>> aims) {

        static Model of(List<Change> changes, java.util.function.Predicate<Change> inView, LocalDate date) {
            Map<String, Object> learner = new HashMap<>(Map.of("postcode", "ZZ99 9ZZ", "familyName", "Example"));
            List<LocalDate> employment = new ArrayList<>(List.of(START.minusDays(1)));
            Map<String, Map<String, Object>> aims = new TreeMap<>();
            Map<String, LocalDate> starts = new HashMap<>();
            for (String id : ORIGINAL) {
                Map<String, Object> aim = new LinkedHashMap<>();
                AIM_FIELDS.forEach(f -> aim.put(f, null));
                aim.put("compStatus", 1);
                aim.put("learnPlanEndDate", LocalDate.of(2026, 12, 31));
                aim.put("pHours", 400);
                aim.put("delLocPostCode", "ZZ99 9ZZ");
                aim.put("prices", id.equals("p") ? List.of(9000) : List.of());
                aims.put(id, aim);
                starts.put(id, START);
            }
            List<Change> ordered = changes.stream().filter(inView).sorted(Comparator.comparing(Change::date)).toList();
            for (Change change : ordered) {
                learner.putAll(change.learnerFields());
                if (change.kind() == Kind.EMPLOYER) {
                    employment.add(change.date());
                }
                for (String id : change.aims()) {
                    if (change.kind() == Kind.ADD_AIM) {
                        Map<String, Object> aim = new LinkedHashMap<>();
                        AIM_FIELDS.forEach(f -> aim.put(f, null));
                        aim.putAll(Map.of("compStatus", 1, "learnPlanEndDate", change.date().plusMonths(12),
                                "delLocPostCode", "ZZ99 9ZZ", "prices", List.of()));
                        aims.put(id, aim);
                        starts.put(id, change.date());
                    } else if (change.kind() == Kind.REMOVE_AIM) {
                        aims.remove(id);
                    } else if (!aims.containsKey(id)) {
                        continue; // a change to an aim removed from its start changes nothing
                    } else if (change.kind() == Kind.PRICE_CHANGE) {
                        List<Object> prices = new ArrayList<>((List<?>) aims.get(id).get("prices"));
                        prices.add(change.aimFields().get("prices"));
                        aims.get(id).put("prices", prices);
                    } else if (change.kind() == Kind.RESTART) {
                        Map<String, Object> restarted = new LinkedHashMap<>(aims.get(id));
                        restarted.putAll(Map.of("compStatus", 1, "learnPlanEndDate", change.date().plusMonths(12),
                                "prices", List.of()));
                        for (String cleared : List.of("learnActEndDate", "withdrawReason", "outcome", "achDate")) {
                            restarted.put(cleared, null);
                        }
                        aims.put(change.restarts().get(id), restarted);
                        starts.put(change.restarts().get(id), change.date());
                    } else {
                        aims.get(id).putAll(change.aimFields());
                    }
                }
            }
            aims.keySet().removeIf(id -> starts.get(id).isAfter(date));
            employment.sort(Comparator.naturalOrder());
            return new Model(learner, employment, aims);
        }

        Map<String, Object> observed() {
            Map<String, Object> observed = new LinkedHashMap<>();
            observed.put("postcode", learner.get("postcode"));
            observed.put("familyName", learner.get("familyName"));
            observed.put("employment", employment);
            observed.put("aims", aims);
            return observed;
        }
    }
}
