package uk.ilrledger.command.learner;

import static uk.ilrledger.schemas.problems.DomainProblem.Kind.INVALID;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.AimAdded;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal.AddAim;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * A new aim for a recorded learner (progression, a missing component, a new programme after a
 * withdrawal), checked as registration checks an aim: what the ILR schema of each year it is returned
 * in can hold, the year's code lists and the rules between its own fields. It takes the next free
 * AimSeqNumber and a SWSupAimId of its own unless the raiser gives unused ones, and takes effect on its
 * LearnStartDate.
 */
final class AddAimRules implements ChangeTypeRules<AddAim> {

    private static final int LAST_AIM_SEQ_NUMBER = 98;
    private static final String FIELD = "values.learningDelivery.";

    private final LearnerChecks learnerChecks;
    private final RecordRules recordRules;

    AddAimRules(LearnerChecks learnerChecks, RecordRules recordRules) {
        this.learnerChecks = learnerChecks;
        this.recordRules = recordRules;
    }

    public ChangeType type() {
        return ChangeType.ADD_AIM;
    }

    public Class<AddAim> proposalType() {
        return AddAim.class;
    }

    public boolean concernsByDefault(IlrLearner record, LearningDelivery aim) {
        return false;
    }

    public void check(IlrLearner record, AddAim p, List<LearningDelivery> aims, LocalDate effectiveDate,
            LocalDate today) {
        if (!aims.isEmpty()) {
            throw DomainProblem.invalid("aims", "an added aim is given in values.learningDelivery; name no aim");
        }
        LearningDelivery aim = p.learningDelivery();
        if (aim == null) {
            throw DomainProblem.invalid("values.learningDelivery", "the aim to add is required");
        }
        if (aim.aimSeqNumber() != null && record.learningDeliveries().stream()
                .anyMatch(held -> aim.aimSeqNumber().equals(held.aimSeqNumber()))) {
            throw DomainProblem.rule(INVALID, "AimSeqNumber_02", FIELD + "aimSeqNumber", "AimSeqNumber "
                    + aim.aimSeqNumber() + " is already the learner's; leave it out to take the next free one");
        }
        if (aim.swSupAimId() != null && record.aim(aim.swSupAimId()).isPresent()) {
            throw DomainProblem.rule(INVALID, "SWSupAimId_02", FIELD + "swSupAimId", "SWSupAimId "
                    + aim.swSupAimId() + " is already one of the learner's aims");
        }
        if (aim.aimSeqNumber() == null && nextAimSeqNumber(record) > LAST_AIM_SEQ_NUMBER) {
            throw DomainProblem.invalid(FIELD + "aimSeqNumber", "the learner has AimSeqNumber "
                    + LAST_AIM_SEQ_NUMBER + " already: no number is free");
        }
        LearningDelivery added = identified(record, aim, Objects.requireNonNullElse(aim.swSupAimId(), "proposed"));
        IlrLearner withAim = withAim(record, added);
        String at = "learningDeliveries[" + (withAim.learningDeliveries().size() - 1) + "].";
        List<LearnerChecks.Fault> faults = learnerChecks.faults(withAim, LearnerChecks.returnYears(withAim)).stream()
                .filter(fault -> fault.field().startsWith(at))
                .toList();
        if (!faults.isEmpty()) {
            LearnerChecks.Fault first = faults.get(0);
            throw DomainProblem.rule(INVALID, first.ruleId(), FIELD + first.field().substring(at.length()),
                    "the aim holds " + faults.size() + " value" + (faults.size() == 1 ? "" : "s")
                            + " an ILR file cannot: " + faults.stream()
                            .map(f -> FIELD + f.field().substring(at.length()) + ": " + f.message())
                            .collect(Collectors.joining("; ")));
        }
        recordRules.problems(withAim, today).stream()
                .filter(problem -> problem.aim().equals(added.swSupAimId()))
                .findFirst()
                .ifPresent(problem -> {
                    throw DomainProblem.rule(problem.kind(), problem.ruleId(), FIELD + problem.field(),
                            "the added aim would break " + problem.ruleId() + ": " + problem.message());
                });
    }

    /** The aim with the next free AimSeqNumber and a SWSupAimId derived from the change, unless given. */
    public ApprovedChange applied(IlrLearner record, ChangeRaised r, AddAim p, String approvedBy) {
        String id = p.learningDelivery().swSupAimId() != null ? p.learningDelivery().swSupAimId()
                : UUID.nameUUIDFromBytes((r.changeId() + "|added aim").getBytes(StandardCharsets.UTF_8)).toString();
        LearningDelivery added = identified(record, p.learningDelivery(), id);
        return new AimAdded(r.learner(), r.changeId(), List.of(id), added, r.reason(), r.evidence(), r.raisedBy(),
                approvedBy);
    }

    public TakesEffect takesEffect(AddAim p) {
        return p.learningDelivery() == null ? null
                : new TakesEffect("learningDelivery.learnStartDate", p.learningDelivery().learnStartDate());
    }

    private static LearningDelivery identified(IlrLearner record, LearningDelivery aim, String swSupAimId) {
        int seq = aim.aimSeqNumber() != null ? aim.aimSeqNumber() : nextAimSeqNumber(record);
        return aim.withIdentity(seq, swSupAimId);
    }

    private static int nextAimSeqNumber(IlrLearner record) {
        return record.learningDeliveries().stream().mapToInt(LearningDelivery::aimSeqNumber).max().orElse(0) + 1;
    }

    private static IlrLearner withAim(IlrLearner record, LearningDelivery aim) {
        List<LearningDelivery> aims = new ArrayList<>(record.learningDeliveries());
        aims.add(aim);
        return record.withLearningDeliveries(aims);
    }
}
