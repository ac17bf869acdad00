package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.*;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.ilr.Programmes;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal.Restart;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.LearningRestarted;
import uk.ilrledger.schemas.learner.RestartTerms;
import uk.ilrledger.schemas.learner.RestartedAim;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * A return to learning: new aims from LearnStartDate, each with its own LearnPlanEndDate, PHours and
 * PriorLearnFundAdj. After a break the originals stay CompStatus 6 and the new aims carry
 * OrigLearnStartDate and RES; after a withdrawal (aims named) they are a new start at a new total
 * price. An apprenticeship's programme aim is priced for the remainder: residual TNP3/TNP4 where the
 * programme was already residual or the employer changed since the break began, TNP1/TNP2 otherwise.
 */
final class RestartRules implements ChangeTypeRules<Restart> {

    public ChangeType type() {
        return ChangeType.RESTART;
    }

    public Class<Restart> proposalType() {
        return Restart.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return aim.compStatus() == LearningDelivery.COMP_STATUS_BREAK && !Programmes.restarted(record, aim);
    }

    public void check(IlrLearner record, Restart p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        requireSome(aims, "no aim is on a break awaiting a restart");
        notInFuture(p.learnStartDate(), "values.learnStartDate", "LDG_NotInFuture", today);
        termsNameConcernedAims(p, aims);
        amount(p.tnp1(), "values.tnp1");
        amount(p.tnp2(), "values.tnp2");
        amount(p.tnp3(), "values.tnp3");
        amount(p.tnp4(), "values.tnp4");
        percentAt(p.priorLearnFundAdj(), "values.priorLearnFundAdj");
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            restartable(record, aim, i);
            if (!p.learnStartDate().isAfter(aim.learnActEndDate())) {
                throw DomainProblem.rule(INVALID, "R124", "values.learnStartDate", "the restart " + p.learnStartDate()
                        + " must be after aim " + aim.aimSeqNumber() + " ended (LearnActEndDate "
                        + aim.learnActEndDate() + ")");
            }
            if (afterBreak(aim) && originalStart(aim).isBefore(p.learnStartDate().minusYears(10))) {
                throw DomainProblem.rule(INVALID, "OrigLearnStartDate_02", "values.learnStartDate",
                        "OrigLearnStartDate " + originalStart(aim) + " would be more than 10 years before the restart");
            }
            terms(p, aim);
            if (aim.programmeAim() && aim.fundModel() == 36) {
                prices(record, p, aim);
            }
            employedOnTheRestart(record, p, aim);
        }
    }

    /** Each restarted aim gets the next AimSeqNumber and a SWSupAimId derived from the change, so replays agree. */
    public ApprovedChange applied(IlrLearner record, ChangeRaised r, Restart p, String approvedBy) {
        int next = record.learningDeliveries().stream().mapToInt(LearningDelivery::aimSeqNumber).max().orElse(0);
        List<RestartedAim> restarts = new ArrayList<>();
        for (String aim : r.aims()) {
            String id = UUID.nameUUIDFromBytes((r.changeId() + "|" + aim).getBytes(StandardCharsets.UTF_8)).toString();
            RestartTerms terms = p.termsOf(aim).orElse(null);
            LearningDelivery original = record.aim(aim).orElseThrow();
            restarts.add(new RestartedAim(aim, id, ++next, planEnd(p, terms), pHours(p, terms, original),
                    priorLearnFundAdj(p, terms)));
        }
        return new LearningRestarted(r.learner(), r.changeId(), r.aims(), restarts, p.learnStartDate(),
                p.learnPlanEndDate(), p.tnp1(), p.tnp2(), p.tnp3(), p.tnp4(), p.priorLearnFundAdj(), r.reason(),
                r.evidence(), r.raisedBy(), approvedBy);
    }

    public TakesEffect takesEffect(Restart p) {
        return new TakesEffect("learnStartDate", p.learnStartDate());
    }

    /** A restart continues an aim on a break, or one withdrawn from when it is named; each only once. */
    private static void restartable(IlrLearner record, LearningDelivery aim, int i) {
        if (aim.compStatus() != LearningDelivery.COMP_STATUS_BREAK
                && aim.compStatus() != LearningDelivery.COMP_STATUS_WITHDRAWN) {
            throw DomainProblem.rule(CONFLICT, "LDG_RestartWithoutBreak", "aims[" + i + "]",
                    "aim " + aim.aimSeqNumber() + " is not on a break (CompStatus " + aim.compStatus()
                            + "): only an aim on a break, or one withdrawn from, can restart");
        }
        boolean restarted = afterBreak(aim) ? Programmes.restarted(record, aim)
                : record.learningDeliveries().stream().anyMatch(other -> other != aim
                        && other.learnAimRef().equals(aim.learnAimRef())
                        && Objects.equals(other.stdCode(), aim.stdCode())
                        && other.learnStartDate().isAfter(aim.learnActEndDate()));
        if (restarted) {
            throw DomainProblem.rule(CONFLICT, "LDG_AlreadyRestarted", "aims[" + i + "]",
                    "aim " + aim.aimSeqNumber() + " has already restarted");
        }
    }

    private static void termsNameConcernedAims(Restart p, List<LearningDelivery> aims) {
        List<RestartTerms> terms = p.learningDeliveries();
        for (int k = 0; k < terms.size(); k++) {
            String id = terms.get(k).swSupAimId();
            if (id == null || aims.stream().noneMatch(aim -> aim.swSupAimId().equals(id))) {
                throw DomainProblem.invalid("values.learningDeliveries[" + k + "].swSupAimId",
                        "SWSupAimId " + id + " is not an aim this restart concerns");
            }
            if (terms.subList(0, k).stream().anyMatch(t -> t.swSupAimId().equals(id))) {
                throw DomainProblem.invalid("values.learningDeliveries[" + k + "].swSupAimId",
                        "SWSupAimId " + id + " is given twice");
            }
        }
    }

    /**
     * The restarted aim's own terms: a LearnPlanEndDate on or after the restart (LearnPlanEndDate_02);
     * its planned hours proposed, never copied (PHours_01 for an apprenticeship's programme aim); a
     * PriorLearnFundAdj proposed where the original had one, only for FundModel 35, 36 and 81.
     */
    private static void terms(Restart p, LearningDelivery aim) {
        RestartTerms terms = p.termsOf(aim.swSupAimId()).orElse(null);
        String at = terms == null ? "values." : "values.learningDeliveries[" + p.learningDeliveries().indexOf(terms) + "].";
        LocalDate planEnd = planEnd(p, terms);
        if (planEnd == null) {
            throw DomainProblem.invalid(terms == null ? "values.learnPlanEndDate" : at + "learnPlanEndDate",
                    "a restart needs a new LearnPlanEndDate for aim " + aim.aimSeqNumber());
        }
        String planEndField = terms != null && terms.learnPlanEndDate() != null ? at + "learnPlanEndDate"
                : "values.learnPlanEndDate";
        if (planEnd.isBefore(p.learnStartDate())) {
            throw DomainProblem.rule(INVALID, "LearnPlanEndDate_02", planEndField,
                    "LearnPlanEndDate " + planEnd + " is before the restart " + p.learnStartDate());
        }
        Integer pHours = pHours(p, terms, aim);
        if (pHours == null && aim.programmeAim() && aim.fundModel() == 36) {
            throw DomainProblem.rule(INVALID, "PHours_01", hoursField(p, terms), "the restarted programme aim "
                    + aim.aimSeqNumber() + " needs its planned hours (pHours) for the remainder");
        }
        if (pHours == null && aim.pHours() != null) {
            throw DomainProblem.invalid(hoursField(p, terms), "aim " + aim.aimSeqNumber() + " had planned hours: "
                    + "give the hours planned for the remainder (pHours), they are not copied");
        }
        if (pHours != null && (pHours < 0 || pHours > 9999)) {
            throw DomainProblem.invalid(terms != null && terms.pHours() != null ? at + "pHours" : "values.pHours",
                    "PHours is 0 to 9999 hours");
        }
        Integer adjustment = priorLearnFundAdj(p, terms);
        String adjustmentField = terms != null && terms.priorLearnFundAdj() != null ? at + "priorLearnFundAdj"
                : "values.priorLearnFundAdj";
        if (adjustment == null && aim.priorLearnFundAdj() != null) {
            throw DomainProblem.invalid(terms == null ? "values.priorLearnFundAdj" : at + "priorLearnFundAdj",
                    "aim " + aim.aimSeqNumber() + " had a PriorLearnFundAdj: give the percent still to deliver");
        }
        if (adjustment != null && !List.of(35, 36, 81).contains(aim.fundModel())) {
            throw DomainProblem.rule(INVALID, "PriorLearnFundAdj_01", adjustmentField,
                    "PriorLearnFundAdj applies only to FundModel 35, 36 and 81, not to aim " + aim.aimSeqNumber());
        }
        percentAt(adjustment, adjustmentField);
    }

    /**
     * The programme aim's price for the remainder, dated on the restart (AFinType_13) and colliding
     * with no record of the same standard on that date (R68): residual TNP3/TNP4 after a break where
     * the programme was residual or the employer changed, else TNP1/TNP2.
     */
    private static void prices(IlrLearner record, Restart p, LearningDelivery aim) {
        boolean residual = afterBreak(aim) && (hasPrice(aim, 3) || hasPrice(aim, 4)
                || Employment.employerChangedBetween(record, aim.learnActEndDate(), p.learnStartDate()));
        String why = hasPrice(aim, 3) || hasPrice(aim, 4) ? "the programme was already priced residual"
                : "the employer changed since the break began on " + aim.learnActEndDate();
        if (residual) {
            if (p.tnp1() != null || p.tnp2() != null) {
                throw DomainProblem.rule(INVALID, p.tnp1() != null ? "AFinDate_05" : "AFinDate_06",
                        p.tnp1() != null ? "values.tnp1" : "values.tnp2",
                        why + ": the restart is priced residual, give tnp3 and tnp4");
            }
            if (p.tnp3() == null) {
                throw DomainProblem.rule(INVALID, "AFinType_13", "values.tnp3",
                        why + ": the restart needs the residual training price (TNP3)");
            }
        } else {
            if (p.tnp3() != null || p.tnp4() != null) {
                throw DomainProblem.rule(INVALID, "LDG_NotResidual", p.tnp3() != null ? "values.tnp3" : "values.tnp4",
                        "the programme was not residual and the employer has not changed since "
                                + aim.learnActEndDate() + ": the restart is priced as a total, give tnp1 and tnp2");
            }
            if (p.tnp1() == null) {
                throw DomainProblem.rule(INVALID, "AFinType_13", "values.tnp1",
                        "an apprenticeship restart needs the training price for the remainder (TNP1)");
            }
        }
        Integer[] amounts = {p.tnp1(), p.tnp2(), p.tnp3(), p.tnp4()};
        for (int code = 1; code <= 4; code++) {
            int c = code;
            if (amounts[code - 1] != null && record.learningDeliveries().stream().anyMatch(other ->
                    other.programmeAim() && Objects.equals(other.stdCode(), aim.stdCode())
                            && other.appFinRecords().stream().anyMatch(price -> "TNP".equals(price.aFinType())
                                    && price.aFinCode() == c && price.aFinDate().equals(p.learnStartDate())))) {
                throw DomainProblem.rule(INVALID, "R68", "values.tnp" + code, "the standard already has a TNP" + code
                        + " dated " + p.learnStartDate() + ": the restart's price would repeat it");
            }
        }
    }

    /** The restart's ACT period starts on LearnStartDate (R102); an ACT=1 one needs the learner employed then (R110). */
    private static void employedOnTheRestart(IlrLearner record, Restart p, LearningDelivery aim) {
        LearningDeliveryFam latestAct = null;
        for (LearningDeliveryFam fam : aim.learningDeliveryFams()) {
            if ("ACT".equals(fam.learnDelFAMType())) {
                latestAct = fam;
            }
        }
        if (aim.fundModel() == 36 && latestAct != null && "1".equals(latestAct.learnDelFAMCode())
                && !Employment.employedOn(record.learnerEmploymentStatuses(), p.learnStartDate())) {
            throw DomainProblem.rule(INVALID, "R110", "values.learnStartDate", "the restart " + p.learnStartDate()
                    + " starts an ACT=1 period but the learner is not employed then (EmpStat 10): record the new"
                    + " employer first");
        }
    }

    private static void percentAt(Integer priorLearnFundAdj, String field) {
        if (priorLearnFundAdj != null && (priorLearnFundAdj < 0 || priorLearnFundAdj > 99)) {
            throw DomainProblem.invalid(field, "PriorLearnFundAdj is a percentage, 0 to 99");
        }
    }

    private static LocalDate planEnd(Restart p, RestartTerms terms) {
        return terms != null && terms.learnPlanEndDate() != null ? terms.learnPlanEndDate() : p.learnPlanEndDate();
    }

    private static Integer priorLearnFundAdj(Restart p, RestartTerms terms) {
        return terms != null && terms.priorLearnFundAdj() != null ? terms.priorLearnFundAdj() : p.priorLearnFundAdj();
    }

    /** The aim's own planned hours, else the single value for an aim that carries planned hours. */
    private static Integer pHours(Restart p, RestartTerms terms, LearningDelivery original) {
        if (terms != null && terms.pHours() != null) {
            return terms.pHours();
        }
        return carriesPlannedHours(original) ? p.pHours() : null;
    }

    private static boolean carriesPlannedHours(LearningDelivery aim) {
        return aim.programmeAim() && aim.fundModel() == 36 || aim.pHours() != null;
    }

    private static String hoursField(Restart p, RestartTerms terms) {
        return terms == null ? "values.pHours"
                : "values.learningDeliveries[" + p.learningDeliveries().indexOf(terms) + "].pHours";
    }

    private static boolean afterBreak(LearningDelivery aim) {
        return aim.compStatus() == LearningDelivery.COMP_STATUS_BREAK;
    }

    private static LocalDate originalStart(LearningDelivery aim) {
        return aim.origLearnStartDate() != null ? aim.origLearnStartDate() : aim.learnStartDate();
    }

    private static boolean hasPrice(LearningDelivery aim, int code) {
        return aim.appFinRecords().stream().anyMatch(price -> "TNP".equals(price.aFinType()) && price.aFinCode() == code);
    }
}
