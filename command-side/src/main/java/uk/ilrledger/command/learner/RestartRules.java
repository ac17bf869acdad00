package uk.ilrledger.command.learner;

import static uk.ilrledger.command.learner.RuleChecks.*;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.CONFLICT;
import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.Programmes;
import uk.ilrledger.schemas.learner.ChangeProposal.Restart;
import uk.ilrledger.schemas.learner.LearningRestarted;
import uk.ilrledger.schemas.learner.RestartedAim;

/** A return from a break: new aims from LearnStartDate, the originals staying CompStatus 6. */
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
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            if (aim.compStatus() != LearningDelivery.COMP_STATUS_BREAK) {
                throw DomainProblem.rule(CONFLICT, "LDG_RestartWithoutBreak", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " is not on a break (CompStatus " + aim.compStatus()
                                + "): only an aim on a break can restart");
            }
            if (Programmes.restarted(record, aim)) {
                throw DomainProblem.rule(CONFLICT, "LDG_AlreadyRestarted", "aims[" + i + "]",
                        "aim " + aim.aimSeqNumber() + " has already restarted");
            }
            if (!p.learnStartDate().isAfter(aim.learnActEndDate())) {
                throw DomainProblem.rule(INVALID, "R124", "values.learnStartDate", "the restart " + p.learnStartDate()
                        + " must be after the break began (LearnActEndDate " + aim.learnActEndDate() + ")");
            }
            LocalDate original = aim.origLearnStartDate() != null ? aim.origLearnStartDate() : aim.learnStartDate();
            if (original.isBefore(p.learnStartDate().minusYears(10))) {
                throw DomainProblem.rule(INVALID, "OrigLearnStartDate_02", "values.learnStartDate",
                        "OrigLearnStartDate " + original + " would be more than 10 years before the restart");
            }
            priorLearnFundAdjAllowed(p.priorLearnFundAdj(), aim);
            if (aim.programmeAim() && aim.fundModel() == 36 && p.tnp1() == null) {
                throw DomainProblem.rule(INVALID, "AFinType_13", "values.tnp1",
                        "an apprenticeship restart needs the training price for the remainder (TNP1)");
            }
        }
        notInFuture(p.learnStartDate(), "values.learnStartDate", "LDG_NotInFuture", today);
        if (p.learnPlanEndDate() == null) {
            throw DomainProblem.invalid("values.learnPlanEndDate", "a restart needs a new LearnPlanEndDate");
        }
        if (p.learnPlanEndDate().isBefore(p.learnStartDate())) {
            throw DomainProblem.rule(INVALID, "LearnPlanEndDate_02", "values.learnPlanEndDate",
                    "LearnPlanEndDate " + p.learnPlanEndDate() + " is before the restart " + p.learnStartDate());
        }
        amount(p.tnp1(), "values.tnp1");
        amount(p.tnp2(), "values.tnp2");
        percent(p.priorLearnFundAdj());
    }

    /** Each restarted aim gets the next AimSeqNumber and a SWSupAimId derived from the change, so replays agree. */
    public ApprovedChange applied(IlrLearner record, ChangeRaised r, Restart p, String approvedBy) {
        int next = record.learningDeliveries().stream().mapToInt(LearningDelivery::aimSeqNumber).max().orElse(0);
        List<RestartedAim> restarts = new ArrayList<>();
        for (String aim : r.aims()) {
            String id = UUID.nameUUIDFromBytes((r.changeId() + "|" + aim).getBytes(StandardCharsets.UTF_8)).toString();
            restarts.add(new RestartedAim(aim, id, ++next));
        }
        return new LearningRestarted(r.learner(), r.changeId(), r.aims(), restarts, p.learnStartDate(),
                p.learnPlanEndDate(), p.tnp1(), p.tnp2(), p.priorLearnFundAdj(), r.reason(), r.evidence(),
                r.raisedBy(), approvedBy);
    }

    public TakesEffect takesEffect(Restart p) {
        return new TakesEffect("learnStartDate", p.learnStartDate());
    }
}
