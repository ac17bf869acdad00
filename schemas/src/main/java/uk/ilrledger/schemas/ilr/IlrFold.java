package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import uk.ilrledger.schemas.learner.AimAdded;
import uk.ilrledger.schemas.learner.AimCompleted;
import uk.ilrledger.schemas.learner.AimRemoved;
import uk.ilrledger.schemas.learner.AimForceIncluded;
import uk.ilrledger.schemas.learner.AimTerms;
import uk.ilrledger.schemas.learner.BreakInLearningStarted;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.ContractTypeChanged;
import uk.ilrledger.schemas.learner.DeliveryFamsChanged;
import uk.ilrledger.schemas.learner.EmployerChanged;
import uk.ilrledger.schemas.learner.EndPointAssessmentRecorded;
import uk.ilrledger.schemas.learner.ErasureRequested;
import uk.ilrledger.schemas.learner.PriceChanged;
import uk.ilrledger.schemas.learner.LearnerDidNotReturn;
import uk.ilrledger.schemas.learner.LearnerErased;
import uk.ilrledger.schemas.learner.LearnerFamsChanged;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.learner.LearningRestarted;
import uk.ilrledger.schemas.learner.OutcomeRecorded;
import uk.ilrledger.schemas.learner.PriorLearningRecognised;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.learner.RestartedAim;

/**
 * The one pure fold from a learner's events to their ILR record. The aggregate, every projection
 * and every point-in-time read use this function, so they cannot disagree. Fields that follow from
 * a change (Outcome 3 on a withdrawal, the ACT FAM's DateTo, the RES FAM on a restart…) are derived
 * here, never typed by anyone.
 */
public final class IlrFold {

    public static final int OUTCOME_PENDING = 8;

    private IlrFold() {
    }

    /** The record after {@code event}; {@code state} is null before the learner is registered. */
    public static IlrLearner apply(IlrLearner state, LearnerEvent event) {
        if (event instanceof LearnerRegistered registered) {
            return registered.record();
        }
        if (event instanceof ChangeRaised || event instanceof ChangeApproved || event instanceof ChangeRejected
                || event instanceof AimForceIncluded || event instanceof QaVerified || event instanceof ErasureRequested) {
            return state; // workflow, QA and return-scope facts: the ILR fields do not change
        }
        if (event instanceof LearnerErased) {
            return PersonalFields.erase(state);
        }
        if (event instanceof LearnerWithdrawn e) {
            return state.withAims(e.aims(), aim -> end(aim, LearningDelivery.COMP_STATUS_WITHDRAWN,
                    e.learnActEndDate(), e.withdrawReason(), LearningDelivery.OUTCOME_NO_ACHIEVEMENT, true));
        }
        if (event instanceof BreakInLearningStarted e) {
            return state.withAims(e.aims(), aim -> end(aim, LearningDelivery.COMP_STATUS_BREAK,
                    e.learnActEndDate(), null, LearningDelivery.OUTCOME_NO_ACHIEVEMENT, true));
        }
        if (event instanceof AimCompleted e) {
            List<String> awaiting = e.awaitingEndPointAssessment() == null ? List.of() : e.awaitingEndPointAssessment();
            // A standard's programme aim stays CompStatus 1 until its end-point assessment: only then is it complete.
            return state.withAims(e.aims(), aim -> end(aim, awaiting.contains(aim.swSupAimId())
                    ? LearningDelivery.COMP_STATUS_CONTINUING : LearningDelivery.COMP_STATUS_COMPLETED,
                    e.learnActEndDate(), null, e.outcome(), false));
        }
        if (event instanceof EndPointAssessmentRecorded e) {
            return state.withAims(e.aims(), aim -> {
                LearningDelivery.Builder b = aim.toBuilder();
                b.compStatus = LearningDelivery.COMP_STATUS_COMPLETED;
                b.outcome = e.outcome();
                b.achDate = e.achDate();
                b.outGrade = e.outGrade();
                // Pass or fail, the standard's latest ACT FAM ends on AchDate (R121).
                b.learningDeliveryFams = withLatestActEnding(aim.learningDeliveryFams(), e.achDate());
                return b.build();
            });
        }
        if (event instanceof PriceChanged e) {
            return state.withAims(e.aims(), aim -> {
                List<AppFinRecord> prices = new ArrayList<>(aim.appFinRecords());
                prices.addAll(e.appFinRecords());
                LearningDelivery.Builder b = aim.toBuilder();
                b.appFinRecords = prices;
                return b.build();
            });
        }
        if (event instanceof ContractTypeChanged e) {
            return state.withAims(e.aims(), aim -> {
                LearningDelivery.Builder b = aim.toBuilder();
                b.learningDeliveryFams = withContractType(aim.learningDeliveryFams(), e.act(), e.learnDelFAMDateFrom());
                return b.build();
            });
        }
        if (event instanceof LearnerDidNotReturn e) {
            // The break's LearnActEndDate and Outcome 3 stand: only the status and its reason change.
            return state.withAims(e.aims(), aim -> {
                LearningDelivery.Builder b = aim.toBuilder();
                b.compStatus = LearningDelivery.COMP_STATUS_WITHDRAWN;
                b.withdrawReason = e.withdrawReason();
                return b.build();
            });
        }
        if (event instanceof AimAdded e) {
            if (state.aim(e.learningDelivery().swSupAimId()).isPresent()) {
                return state;
            }
            List<LearningDelivery> aims = new ArrayList<>(state.learningDeliveries());
            aims.add(e.learningDelivery());
            return state.withLearningDeliveries(aims);
        }
        if (event instanceof AimRemoved e) {
            return state.withLearningDeliveries(state.learningDeliveries().stream()
                    .filter(aim -> !e.aims().contains(aim.swSupAimId())).toList());
        }
        if (event instanceof LearnerFamsChanged e) {
            List<LearnerFam> fams = new ArrayList<>(state.learnerFams().stream()
                    .filter(fam -> !fam.learnFAMType().equals(e.learnFAMType())).toList());
            e.learnFAMCodes().forEach(code -> fams.add(new LearnerFam(e.learnFAMType(), code)));
            IlrLearner.Builder b = state.toBuilder();
            b.learnerFams = fams;
            return b.build();
        }
        if (event instanceof DeliveryFamsChanged e) {
            return state.withAims(e.aims(), aim -> {
                List<LearningDeliveryFam> fams = new ArrayList<>(aim.learningDeliveryFams().stream()
                        .filter(fam -> !fam.learnDelFAMType().equals(e.learnDelFAMType())).toList());
                e.learnDelFAMCodes().forEach(code -> fams.add(new LearningDeliveryFam(e.learnDelFAMType(), code, null,
                        null)));
                LearningDelivery.Builder b = aim.toBuilder();
                b.learningDeliveryFams = fams;
                return b.build();
            });
        }
        if (event instanceof OutcomeRecorded e) {
            return state.withAims(e.aims(), aim -> outcome(aim, e));
        }
        if (event instanceof LearningRestarted e) {
            return restart(state, e);
        }
        if (event instanceof EmployerChanged e) {
            return employerChanged(state, e);
        }
        if (event instanceof PriorLearningRecognised e) {
            IlrLearner result = state;
            for (AimTerms terms : e.after()) {
                result = result.withAims(List.of(terms.swSupAimId()), aim -> withTerms(aim, terms));
            }
            return result;
        }
        if (event instanceof RecordCorrected e) {
            return e.wholeRecord() ? e.corrected() : CorrectedFields.apply(state, e.changes());
        }
        throw new IllegalArgumentException("no fold for " + event.getClass().getName());
    }

    /**
     * The record in effect on {@code date}: the learner's events (in store order) that take effect on
     * or before it, folded in the order they take effect ({@link #inEffectOrder}).
     */
    public static IlrLearner inEffectOn(List<DatedEvent> events, LocalDate date) {
        return inEffectOrder(withCorrectedFields(events).stream().filter(e -> e.inEffectOn(date)).toList());
    }

    /**
     * {@code events} folded in the order they take effect: by effective date, those that hold from the
     * start first, store order among equals. So each change applies over the record as it is on its
     * own date, and a correction approved after a later-dated change does not carry that change back
     * in time. Corrections stored whole (version 1) must first be turned into fields
     * ({@link #withCorrectedFields}).
     */
    public static IlrLearner inEffectOrder(List<DatedEvent> events) {
        List<DatedEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(DatedEvent::effectiveDate, Comparator.nullsFirst(Comparator.naturalOrder())));
        IlrLearner state = null;
        for (DatedEvent dated : ordered) {
            state = apply(state, dated.event());
        }
        return state;
    }

    /**
     * A learner's events (in store order) with each correction stored whole (version 1) turned into
     * the fields it changed, against the record in store order: what the ledger held when it was
     * approved.
     */
    public static List<DatedEvent> withCorrectedFields(List<DatedEvent> events) {
        List<DatedEvent> result = new ArrayList<>(events.size());
        IlrLearner stored = null;
        for (DatedEvent dated : events) {
            DatedEvent asFields = dated;
            if (dated.event() instanceof RecordCorrected c && c.wholeRecord() && stored != null) {
                asFields = new DatedEvent(dated.effectiveDate(), new RecordCorrected(c.learner(), c.changeId(),
                        c.aims(), CorrectedFields.between(stored, c.corrected()), c.effectiveDate(), c.reason(),
                        c.evidence(), c.raisedBy(), c.approvedBy()));
            }
            stored = apply(stored, dated.event());
            result.add(asFields);
        }
        return result;
    }

    public static IlrLearner replay(List<? extends LearnerEvent> events) {
        IlrLearner state = null;
        for (LearnerEvent event : events) {
            state = apply(state, event);
        }
        return state;
    }

    private static LearningDelivery end(LearningDelivery aim, int compStatus, LocalDate end, Integer withdrawReason,
            int outcome, boolean closeAct) {
        LearningDelivery.Builder b = aim.toBuilder();
        b.compStatus = compStatus;
        b.learnActEndDate = end;
        b.withdrawReason = withdrawReason;
        b.outcome = outcome;
        if (closeAct) {
            // On a standard's withdrawal or break the latest ACT FAM ends on LearnActEndDate (R122).
            b.learningDeliveryFams = withLatestActEnding(aim.learningDeliveryFams(), end);
        }
        return b.build();
    }

    private static LearningDelivery outcome(LearningDelivery aim, OutcomeRecorded e) {
        LearningDelivery.Builder b = aim.toBuilder();
        b.outcome = e.outcome();
        b.achDate = e.achDate();
        b.outGrade = e.outGrade();
        if (e.achDate() != null) {
            // On achievement the ACT FAM ends on AchDate (R121).
            b.learningDeliveryFams = withLatestActEnding(aim.learningDeliveryFams(), e.achDate());
        }
        return b.build();
    }

    /** The open ACT period ends the day before {@code from}, and one with {@code act} opens on it. */
    private static List<LearningDeliveryFam> withContractType(List<LearningDeliveryFam> fams, int act, LocalDate from) {
        List<LearningDeliveryFam> result = new ArrayList<>(fams);
        for (int i = 0; i < result.size(); i++) {
            LearningDeliveryFam fam = result.get(i);
            if ("ACT".equals(fam.learnDelFAMType()) && fam.learnDelFAMDateTo() == null) {
                result.set(i, fam.withDateTo(from.minusDays(1)));
            }
        }
        result.add(new LearningDeliveryFam("ACT", String.valueOf(act), from, null));
        return result;
    }

    private static List<LearningDeliveryFam> withLatestActEnding(List<LearningDeliveryFam> fams, LocalDate end) {
        List<LearningDeliveryFam> result = new ArrayList<>(fams);
        for (int i = result.size() - 1; i >= 0; i--) {
            if ("ACT".equals(result.get(i).learnDelFAMType())) {
                result.set(i, result.get(i).withDateTo(end));
                break;
            }
        }
        return result;
    }

    private static IlrLearner restart(IlrLearner state, LearningRestarted e) {
        List<LearningDelivery> aims = new ArrayList<>(state.learningDeliveries());
        for (RestartedAim restarted : e.restarts()) {
            if (state.aim(restarted.originalAim()).isEmpty()) {
                continue; // in effective-date order the original may be added by a change that takes effect later
            }
            LearningDelivery original = state.aim(restarted.originalAim()).orElseThrow();
            // After a withdrawal the learner starts again: a new start, with no OrigLearnStartDate or RES FAM.
            boolean afterBreak = original.compStatus() != LearningDelivery.COMP_STATUS_WITHDRAWN;
            LearningDelivery.Builder b = original.toBuilder();
            b.aimSeqNumber = restarted.aimSeqNumber();
            b.swSupAimId = restarted.swSupAimId();
            b.learnStartDate = e.learnStartDate();
            b.origLearnStartDate = !afterBreak ? null : original.origLearnStartDate() != null
                    ? original.origLearnStartDate() : original.learnStartDate();
            b.learnPlanEndDate = restarted.learnPlanEndDate() != null ? restarted.learnPlanEndDate()
                    : e.learnPlanEndDate();
            b.compStatus = LearningDelivery.COMP_STATUS_CONTINUING;
            b.learnActEndDate = null;
            b.withdrawReason = null;
            b.outcome = null;
            b.achDate = null;
            b.outGrade = null;
            b.otjActHours = null;
            b.learningDeliveryFams = restartFams(original, e.learnStartDate(), afterBreak);
            boolean apprenticeship = original.fundModel() == 36;
            b.appFinRecords = apprenticeship && original.programmeAim() ? restartPrices(e) : List.of();
            if (restarted.pHours() != null) {
                b.pHours = restarted.pHours();
            }
            b.priorLearnFundAdj = restarted.priorLearnFundAdj() != null ? restarted.priorLearnFundAdj()
                    : apprenticeship ? original.priorLearnFundAdj() : e.priorLearnFundAdj();
            aims.add(b.build());
        }
        return state.withLearningDeliveries(aims);
    }

    /** RES=1 after a break, an ACT period from the restart (R102), and the aim's other undated FAMs. */
    private static List<LearningDeliveryFam> restartFams(LearningDelivery original, LocalDate restart,
            boolean afterBreak) {
        List<LearningDeliveryFam> fams = new ArrayList<>();
        LearningDeliveryFam latestAct = null;
        for (LearningDeliveryFam fam : original.learningDeliveryFams()) {
            if ("ACT".equals(fam.learnDelFAMType())) {
                latestAct = fam;
            } else if (!"RES".equals(fam.learnDelFAMType()) && fam.learnDelFAMDateFrom() == null) {
                fams.add(fam);
            }
        }
        if (latestAct != null) {
            fams.add(new LearningDeliveryFam("ACT", latestAct.learnDelFAMCode(), restart, null));
        }
        if (afterBreak) {
            fams.add(new LearningDeliveryFam("RES", "1", null, null));
        }
        return fams;
    }

    private static List<AppFinRecord> restartPrices(LearningRestarted e) {
        List<AppFinRecord> prices = new ArrayList<>();
        Integer[] amounts = {e.tnp1(), e.tnp2(), e.tnp3(), e.tnp4()};
        for (int code = 1; code <= amounts.length; code++) {
            if (amounts[code - 1] != null) {
                prices.add(new AppFinRecord("TNP", code, e.learnStartDate(), amounts[code - 1]));
            }
        }
        return prices;
    }

    private static IlrLearner employerChanged(IlrLearner state, EmployerChanged e) {
        List<LearnerEmploymentStatus> statuses = new ArrayList<>(state.learnerEmploymentStatuses());
        statuses.add(new LearnerEmploymentStatus(e.empStat(), e.dateEmpStatApp(), e.empId(),
                e.employmentStatusMonitorings()));
        statuses.sort(Comparator.comparing(LearnerEmploymentStatus::dateEmpStatApp));
        IlrLearner withStatus = state.withEmploymentStatuses(statuses);
        return withStatus.withAims(e.aims(), aim -> {
            List<AppFinRecord> prices = new ArrayList<>(aim.appFinRecords());
            if (e.tnp3() != null) {
                prices.add(new AppFinRecord("TNP", 3, e.dateEmpStatApp(), e.tnp3()));
            }
            if (e.tnp4() != null) {
                prices.add(new AppFinRecord("TNP", 4, e.dateEmpStatApp(), e.tnp4()));
            }
            LearningDelivery.Builder b = aim.toBuilder();
            b.appFinRecords = prices;
            return b.build();
        });
    }

    private static LearningDelivery withTerms(LearningDelivery aim, AimTerms terms) {
        LearningDelivery.Builder b = aim.toBuilder();
        b.learnPlanEndDate = terms.learnPlanEndDate();
        b.pHours = terms.pHours();
        b.priorLearnFundAdj = terms.priorLearnFundAdj();
        b.appFinRecords = withPrice(withPrice(aim.appFinRecords(), 1, terms.tnp1(), aim.learnStartDate()), 2,
                terms.tnp2(), aim.learnStartDate());
        return b.build();
    }

    /** The latest TNP record of {@code code} at {@code amount}, or a new one dated on the start. */
    private static List<AppFinRecord> withPrice(List<AppFinRecord> prices, int code, Integer amount, LocalDate start) {
        List<AppFinRecord> result = new ArrayList<>(prices);
        if (amount == null) {
            return result;
        }
        for (int i = result.size() - 1; i >= 0; i--) {
            AppFinRecord price = result.get(i);
            if ("TNP".equals(price.aFinType()) && price.aFinCode() == code) {
                result.set(i, new AppFinRecord("TNP", code, price.aFinDate(), amount));
                return result;
            }
        }
        result.add(new AppFinRecord("TNP", code, start, amount));
        return result;
    }

    /** An aim's current price, duration and hours, as recognised prior learning may change them. */
    public static AimTerms terms(LearningDelivery aim) {
        return new AimTerms(aim.swSupAimId(), latestPrice(aim, 1), latestPrice(aim, 2), aim.learnPlanEndDate(),
                aim.pHours(), aim.priorLearnFundAdj());
    }

    public static Integer latestPrice(LearningDelivery aim, int code) {
        Integer amount = null;
        for (AppFinRecord price : aim.appFinRecords()) {
            if ("TNP".equals(price.aFinType()) && price.aFinCode() == code) {
                amount = price.aFinAmount();
            }
        }
        return amount;
    }
}
