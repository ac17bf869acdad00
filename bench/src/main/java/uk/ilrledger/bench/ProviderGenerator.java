package uk.ilrledger.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import uk.ilrledger.command.learner.ChangeRules;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.EmpId;
import uk.ilrledger.schemas.values.LearnRefNumber;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Uln;

/**
 * Synthetic providers, seeded and reproducible: learner {@code n} of a seed is always the same
 * learner with the same history, however the store is chunked. Names, postcodes (area ZX, which
 * does not exist), ULNs and employer numbers are made up; no real person's data is used.
 *
 * <p>Each learner has an apprenticeship (about 60%: ZPROG001 with a component aim, TNP prices,
 * an employer) or adult skills aims (FundModel 35), started between August 2023 and April 2026,
 * and a history up to the end of October 2026 of changes raised and approved by different people:
 * employer changes, recognised prior learning, breaks and restarts (often across a year end),
 * withdrawals, completions and outcomes, contact-detail corrections, QA verifications and
 * rejected requests. Every change passes the same {@link ChangeRules} the aggregate applies, and
 * the typed event is the one the rules produce, so the store reads as if the service wrote it.
 */
final class ProviderGenerator {

    static final LocalDate FIRST_START = LocalDate.of(2023, 8, 1);
    static final LocalDate LAST_START = LocalDate.of(2026, 4, 30);
    static final LocalDate HISTORY_END = LocalDate.of(2026, 10, 31);

    /** One generated event with what the store and the event log keep beside it. */
    record Generated(LearnerEvent event, UUID eventId, Instant at, UUID changeId, LocalDate effectiveDate,
            String correlationId) {
    }

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ren", "sa", "to", "vel", "dor", "ni", "bra", "el",
            "fen", "ga", "hol", "is", "jun", "ke", "lar", "mo", "pa", "quin", "ro", "sti", "tam", "ul", "vo", "wen"};
    private static final int[] STANDARDS = {91, 150, 244, 300, 451, 512, 37, 129, 203, 368};
    private static final String[] ADULT_AIMS = {"60000101", "60000102", "60000103", "60000104", "60000105",
            "60000106", "60000107", "60000108"};
    private static final int[] ETHNICITY = {31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 98};
    private static final int[] WITHDRAW_REASONS = {2, 3, 7, 28, 29, 40, 41, 42, 43, 44, 45, 46, 47, 97, 98};
    private static final String[] STAFF = {"a.adams", "b.brown", "c.clarke", "d.dixon", "e.evans", "f.fox"};

    private final long seed;
    private final ChangeRules rules;

    ProviderGenerator(long seed, ChangeRules rules) {
        this.seed = seed;
        this.rules = rules;
    }

    static String learnRefNumber(int n) {
        return String.format("L%07d", n);
    }

    /** Learner {@code n} (from 1) of UKPRN {@code ukprn}: their events in order, about {@code budget} of them. */
    List<Generated> learner(int ukprn, int n, int budget) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n * 0xBF58476D1CE4E5B9L + ukprn);
        LearnerId id = LearnerId.of(ukprn, learnRefNumber(n));
        LocalDate start = FIRST_START.plusDays(rnd.nextLong(ChronoUnit.DAYS.between(FIRST_START, LAST_START)));
        IlrLearner record = identified(rnd, newLearner(rnd, id, start, rnd.nextInt(100) < 60));
        History history = new History(rnd, id);
        Instant registeredAt = history.at(start.minusDays(rnd.nextInt(0, 21)));
        history.emit(new LearnerRegistered(id, record, staff(rnd)), registeredAt, null, null);
        history.record = record;
        int left = budget - 1;
        int attempts = 0;
        while (left > 0 && attempts++ < budget * 4) {
            LocalDate today = history.today();
            long daysLeft = ChronoUnit.DAYS.between(today, HISTORY_END);
            if (daysLeft < 3) {
                break;
            }
            int actionsLeft = Math.max(1, left / 3);
            long gap = Math.max(1, Math.round(daysLeft / (actionsLeft + 1.0) * (0.4 + rnd.nextDouble() * 1.2)));
            LocalDate day = today.plusDays(Math.min(gap, daysLeft - 2));
            int used = act(history, day, left);
            left -= used;
        }
        return history.events;
    }

    /** A new apprentice for commands through the bus, without aim identities (the aggregate gives them). */
    IlrLearner apprentice(int ukprn, int n, LocalDate start) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + n * 0xBF58476D1CE4E5B9L + ukprn);
        return newLearner(rnd, LearnerId.of(ukprn, learnRefNumber(n)), start, true);
    }

    /** One action on {@code day}; answers the number of events it wrote (0 when nothing fitted). */
    private int act(History h, LocalDate day, int left) {
        SplittableRandom rnd = h.rnd;
        IlrLearner record = h.record;
        if (left == 1) {
            return h.qaPending ? h.qa(day) : 0;
        }
        if (left == 2) {
            return h.rejected(day, correction(rnd, record));
        }
        // A standard's programme aim awaiting its end-point assessment is continuing but out of training.
        List<LearningDelivery> continuing = record.learningDeliveries().stream()
                .filter(a -> a.continuing() && a.learnActEndDate() == null).toList();
        LearningDelivery awaitingAssessment = record.learningDeliveries().stream()
                .filter(a -> a.continuing() && a.learnActEndDate() != null).findFirst().orElse(null);
        boolean apprentice = record.learningDeliveries().stream().anyMatch(a -> a.fundModel() == 36);
        List<LearningDelivery> onBreak = record.learningDeliveries().stream()
                .filter(a -> a.compStatus() == LearningDelivery.COMP_STATUS_BREAK
                        && !uk.ilrledger.schemas.ilr.Programmes.restarted(record, a))
                .toList();
        boolean awaitingOutcome = record.learningDeliveries().stream()
                .anyMatch(a -> a.compStatus() == LearningDelivery.COMP_STATUS_COMPLETED
                        && Integer.valueOf(IlrFold.OUTCOME_PENDING).equals(a.outcome()));
        int roll = rnd.nextInt(100);
        ChangeProposal proposal;
        if (!onBreak.isEmpty() && day.isAfter(onBreak.get(0).learnActEndDate().plusDays(30)) && roll < 70) {
            int months = rnd.nextInt(6, 19);
            // A programme priced residual before its break restarts residual; hours and the part still to
            // deliver are proposed afresh.
            boolean residual = onBreak.stream().anyMatch(aim -> aim.appFinRecords().stream()
                    .anyMatch(price -> price.aFinCode() >= 3));
            boolean adjusted = onBreak.stream().anyMatch(aim -> aim.priorLearnFundAdj() != null);
            Integer training = apprentice ? rnd.nextInt(2000, 9000) : null;
            Integer assessment = apprentice ? rnd.nextInt(300, 1500) : null;
            proposal = new ChangeProposal.Restart(day, day.plusMonths(months), residual ? null : training,
                    residual ? null : assessment, adjusted ? rnd.nextInt(40, 90) : null, residual ? training : null,
                    residual ? assessment : null, rnd.nextInt(100, 500), List.of());
        } else if (!continuing.isEmpty()) {
            LocalDate planEnd = continuing.get(0).learnPlanEndDate();
            if (!day.isBefore(planEnd.minusDays(30)) && roll < 75) {
                proposal = new ChangeProposal.Completion(min(day, planEnd.plusDays(rnd.nextInt(0, 20))));
            } else if (roll < 14 && apprentice) {
                proposal = new ChangeProposal.ChangeOfEmployer(day.minusDays(rnd.nextInt(0, 10)), empId(rnd),
                        rnd.nextInt(100) < 30 ? rnd.nextInt(1000, 6000) : null, null);
            } else if (roll < 20 && !h.rplDone) {
                h.rplDone = true;
                Integer tnp1 = apprentice ? IlrFold.latestPrice(continuing.get(0), 1) : null;
                proposal = new ChangeProposal.PriorLearningReduction(tnp1 == null ? null : tnp1 * 85 / 100, null, null,
                        null, apprentice ? null : rnd.nextInt(50, 90));
            } else if (roll < 27) {
                proposal = new ChangeProposal.BreakInLearning(day.minusDays(rnd.nextInt(0, 14)));
            } else if (roll < 31) {
                proposal = new ChangeProposal.Withdrawal(day.minusDays(rnd.nextInt(0, 21)),
                        WITHDRAW_REASONS[rnd.nextInt(WITHDRAW_REASONS.length)]);
            } else if (roll < 45 && h.qaPending) {
                return h.qa(day);
            } else if (roll < 55) {
                return h.rejected(day, correction(rnd, record));
            } else {
                proposal = correction(rnd, record);
            }
        } else if (awaitingAssessment != null && roll < 60) {
            LocalDate assessed = awaitingAssessment.learnActEndDate().plusDays(rnd.nextInt(7, 60));
            if (assessed.isAfter(day)) {
                return 0;
            }
            proposal = new ChangeProposal.EndPointAssessment(assessed, rnd.nextInt(100) < 85 ? 1 : 3, null);
        } else if (awaitingOutcome && roll < 60) {
            LearningDelivery ended = record.learningDeliveries().stream()
                    .filter(a -> Integer.valueOf(IlrFold.OUTCOME_PENDING).equals(a.outcome())).findFirst().orElseThrow();
            LocalDate known = ended.learnActEndDate().plusDays(rnd.nextInt(7, 60));
            if (known.isAfter(day)) {
                return 0;
            }
            // Only a traineeship's or a standard's programme aim takes an AchDate (AchDate_09).
            proposal = new ChangeProposal.OutcomeChange(rnd.nextInt(100) < 85 ? 1 : 2, null, null);
        } else if (roll < 40 && h.qaPending) {
            return h.qa(day);
        } else if (roll < 55) {
            return h.rejected(day, correction(rnd, record));
        } else {
            proposal = correction(rnd, record);
        }
        return h.approved(day, proposal);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static ChangeProposal correction(SplittableRandom rnd, IlrLearner record) {
        return switch (rnd.nextInt(3)) {
            case 0 -> new ChangeProposal.Correction(Map.of("telNo", "07" + (100000000 + rnd.nextInt(899999999))), null);
            case 1 -> new ChangeProposal.Correction(Map.of("email", record.learnRefNumber().value().toLowerCase()
                    + "." + rnd.nextInt(1000) + "@example.invalid"), null);
            default -> new ChangeProposal.Correction(Map.of("postcode", postcode(rnd)), null);
        };
    }

    /** A learner's history as it is generated: the record folded so far and the clock. */
    private final class History {
        final SplittableRandom rnd;
        final LearnerId id;
        final List<Generated> events = new ArrayList<>();
        IlrLearner record;
        Instant last;
        boolean qaPending = true;
        boolean rplDone;

        History(SplittableRandom rnd, LearnerId id) {
            this.rnd = rnd;
            this.id = id;
        }

        LocalDate today() {
            return last.atZone(ZoneOffset.UTC).toLocalDate();
        }

        /** An office-hours instant on {@code day}, never before the previous event. */
        Instant at(LocalDate day) {
            Instant t = day.atTime(8, 0).toInstant(ZoneOffset.UTC).plusSeconds(rnd.nextInt(0, 9 * 3600));
            return last != null && !t.isAfter(last) ? last.plusSeconds(rnd.nextInt(1, 600)) : t;
        }

        void emit(LearnerEvent event, Instant at, UUID changeId, LocalDate effectiveDate) {
            last = at;
            String correlation = uuid(rnd).toString();
            events.add(new Generated(event, uuid(rnd), at, changeId, effectiveDate, correlation));
            record = IlrFold.apply(record, event);
        }

        int qa(LocalDate day) {
            emit(new QaVerified(id, staff(rnd), "Checked against the learner file"), at(day), null, null);
            qaPending = false;
            return 1;
        }

        /** Raised and approved by two people, if the rules allow it on {@code day}; answers the events written. */
        int approved(LocalDate day, ChangeProposal proposal) {
            ChangeRaised raised = raise(day, proposal);
            if (raised == null) {
                return 0;
            }
            String approver = otherThan(raised.raisedBy());
            ChangeApproved approval = new ChangeApproved(id, raised.changeId(), approver, "Evidence checked");
            var applied = rules.applied(record, raised, approver);
            emit(raised, at(day), raised.changeId(), raised.effectiveDate());
            Instant decided = decisionTime();
            emit(approval, decided, raised.changeId(), raised.effectiveDate());
            emit(applied, decided.plusMillis(1), raised.changeId(), raised.effectiveDate());
            qaPending = true;
            return 3;
        }

        int rejected(LocalDate day, ChangeProposal proposal) {
            ChangeRaised raised = raise(day, proposal);
            if (raised == null) {
                return 0;
            }
            emit(raised, at(day), raised.changeId(), raised.effectiveDate());
            emit(new ChangeRejected(id, raised.changeId(), otherThan(raised.raisedBy()), "Evidence does not show this"),
                    decisionTime(), raised.changeId(), raised.effectiveDate());
            return 2;
        }

        private ChangeRaised raise(LocalDate day, ChangeProposal proposal) {
            LocalDate effective = day;
            if (proposal instanceof ChangeProposal.Withdrawal w) {
                effective = w.learnActEndDate();
            } else if (proposal instanceof ChangeProposal.BreakInLearning b) {
                effective = b.learnActEndDate();
            } else if (proposal instanceof ChangeProposal.Completion c) {
                effective = c.learnActEndDate();
            } else if (proposal instanceof ChangeProposal.Restart r) {
                effective = r.learnStartDate();
            } else if (proposal instanceof ChangeProposal.ChangeOfEmployer e) {
                effective = e.dateEmpStatApp();
            } else if (proposal instanceof ChangeProposal.EndPointAssessment a) {
                effective = a.achDate();
            }
            if (effective.isAfter(day)) {
                return null;
            }
            ChangeProposal full = proposal.withDefaults(effective);
            List<String> aims = rules.defaultAims(record, full);
            try {
                rules.check(record, full, aims, effective, day);
            } catch (DomainProblem | java.util.NoSuchElementException e) {
                return null;
            }
            return new ChangeRaised(id, uuid(rnd), full, aims, effective, reasonFor(full), List.of(), staff(rnd));
        }

        /** A decision some minutes to three days after the event just emitted (the raise), within the history. */
        private Instant decisionTime() {
            Instant decided = last.plusSeconds(rnd.nextInt(600, 3 * 24 * 3600));
            Instant limit = HISTORY_END.atStartOfDay().toInstant(ZoneOffset.UTC);
            if (decided.isAfter(limit)) {
                decided = limit.isAfter(last) ? limit : last.plusSeconds(60);
            }
            return decided;
        }

        private String otherThan(String person) {
            String other = staff(rnd);
            return other.equals(person) ? "qa." + person : other;
        }
    }

    private static String reasonFor(ChangeProposal proposal) {
        return switch (proposal.type()) {
            case WITHDRAWAL -> "Learner told their tutor they have left the programme";
            case BREAK_IN_LEARNING -> "Agreed break in learning, see the signed form";
            case RESTART -> "Learner returned from their break";
            case CHANGE_OF_EMPLOYER -> "Learner moved to a new employer, new commitment statement signed";
            case PRIOR_LEARNING_REDUCTION -> "Initial assessment recognised prior learning";
            case COMPLETION -> "All learning activities completed";
            case END_POINT_ASSESSMENT -> "End-point assessment result received";
            case OUTCOME -> "Awarding body confirmed the result";
            case CORRECTION -> "Contact details updated by the learner";
            default -> "Change requested by the provider";
        };
    }

    /** A new learner with aims starting on {@code start}. */
    private static IlrLearner newLearner(SplittableRandom rnd, LearnerId id, LocalDate start, boolean apprentice) {
        IlrLearner.Builder learner = new IlrLearner.Builder();
        learner.learnRefNumber = new LearnRefNumber(id.learnRefNumber().value());
        learner.uln = uln(rnd);
        learner.familyName = name(rnd, 2);
        learner.givenNames = name(rnd, rnd.nextInt(1, 3));
        learner.dateOfBirth = start.minusYears(rnd.nextInt(16, 50)).minusDays(rnd.nextInt(365));
        learner.ethnicity = ETHNICITY[rnd.nextInt(ETHNICITY.length)];
        learner.sex = rnd.nextBoolean() ? "F" : "M";
        learner.llddHealthProb = rnd.nextInt(100) < 80 ? 2 : 1;
        String postcode = postcode(rnd);
        learner.postcodePrior = postcode;
        learner.postcode = postcode;
        List<LearningDelivery> aims = new ArrayList<>();
        if (apprentice) {
            LocalDate planEnd = start.plusMonths(rnd.nextInt(12, 37));
            int standard = STANDARDS[rnd.nextInt(STANDARDS.length)];
            List<LearningDeliveryFam> act = List.of(new LearningDeliveryFam("ACT", "1", start, null));
            int tnp1 = rnd.nextInt(4000, 18000);
            LearningDelivery.Builder programme = aim(start, planEnd, 36);
            programme.learnAimRef = LearningDelivery.PROGRAMME_AIM_REF;
            programme.aimType = 1;
            programme.pHours = rnd.nextInt(300, 1200);
            programme.progType = 25;
            programme.stdCode = standard;
            programme.epaOrgId = "EPA" + String.format("%04d", rnd.nextInt(1, 999));
            programme.learningDeliveryFams = act;
            programme.appFinRecords = List.of(new AppFinRecord("TNP", 1, start, tnp1),
                    new AppFinRecord("TNP", 2, start, tnp1 / 5));
            aims.add(programme.build());
            LearningDelivery.Builder component = aim(start, planEnd, 36);
            component.learnAimRef = "6000000" + rnd.nextInt(1, 10);
            component.aimType = 3;
            component.progType = 25;
            component.stdCode = standard;
            component.learningDeliveryFams = act;
            aims.add(component.build());
            learner.learnerEmploymentStatuses = List.of(new LearnerEmploymentStatus(10, start.minusDays(1), empId(rnd),
                    List.of()));
        } else {
            int count = rnd.nextInt(1, 3);
            for (int i = 0; i < count; i++) {
                LearningDelivery.Builder aim = aim(start, start.plusMonths(rnd.nextInt(3, 11)), 35);
                aim.learnAimRef = ADULT_AIMS[rnd.nextInt(ADULT_AIMS.length)];
                aim.aimType = 4;
                aim.pHours = rnd.nextInt(30, 300);
                aim.learningDeliveryFams = List.of(new LearningDeliveryFam("SOF", "105", null, null));
                aims.add(aim.build());
            }
            learner.learnerEmploymentStatuses = List.of(new LearnerEmploymentStatus(rnd.nextBoolean() ? 11 : 10,
                    start.minusDays(1), null, List.of()));
        }
        learner.learningDeliveries = aims;
        return learner.build();
    }

    private static LearningDelivery.Builder aim(LocalDate start, LocalDate planEnd, int fundModel) {
        LearningDelivery.Builder aim = new LearningDelivery.Builder();
        aim.learnStartDate = start;
        aim.learnPlanEndDate = planEnd;
        aim.fundModel = fundModel;
        aim.delLocPostCode = "ZX1 1AA";
        aim.compStatus = LearningDelivery.COMP_STATUS_CONTINUING;
        return aim;
    }

    /** AimSeqNumber and SWSupAimId on every aim, as the aggregate gives them on registration. */
    private static IlrLearner identified(SplittableRandom rnd, IlrLearner learner) {
        List<LearningDelivery> aims = new ArrayList<>();
        for (int i = 0; i < learner.learningDeliveries().size(); i++) {
            aims.add(learner.learningDeliveries().get(i).withIdentity(i + 1, uuid(rnd).toString()));
        }
        return learner.withLearningDeliveries(aims);
    }

    private static UUID uuid(SplittableRandom rnd) {
        long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static String staff(SplittableRandom rnd) {
        return STAFF[rnd.nextInt(STAFF.length)];
    }

    private static String name(SplittableRandom rnd, int words) {
        StringBuilder name = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                name.append(' ');
            }
            int syllables = rnd.nextInt(2, 4);
            StringBuilder word = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
            }
            name.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        }
        return name.toString();
    }

    /** Area ZX does not exist, so no generated postcode is anyone's address. */
    static String postcode(SplittableRandom rnd) {
        return "ZX" + rnd.nextInt(1, 99) + " " + rnd.nextInt(1, 10) + (char) ('A' + rnd.nextInt(26))
                + (char) ('A' + rnd.nextInt(26));
    }

    /** A ULN with a valid check digit. */
    static Uln uln(SplittableRandom rnd) {
        while (true) {
            long body = rnd.nextLong(100_000_000L, 1_000_000_000L); // nine digits
            String digits = Long.toString(body);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (10 - i) * (digits.charAt(i) - '0');
            }
            int r = sum % 11;
            if (r == 0 || r == 1) {
                continue; // r = 0 is invalid and r = 1 would need check digit 9 + … = 10 − 1 = 9; keep it simple
            }
            long value = body * 10 + (10 - r);
            try {
                return new Uln(value);
            } catch (DomainProblem e) {
                // try another
            }
        }
    }

    /** An employer number (ERN) with a valid check digit. */
    static int empId(SplittableRandom rnd) {
        while (true) {
            int candidate = rnd.nextInt(100_000_000, 999_999_999);
            if (EmpId.valid(candidate)) {
                return candidate;
            }
        }
    }
}
