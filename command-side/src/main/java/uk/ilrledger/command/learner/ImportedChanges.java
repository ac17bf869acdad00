package uk.ilrledger.command.learner;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.Programmes;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeProposal.AddAim;
import uk.ilrledger.schemas.learner.ChangeProposal.BreakInLearning;
import uk.ilrledger.schemas.learner.ChangeProposal.ChangeOfEmployer;
import uk.ilrledger.schemas.learner.ChangeProposal.Completion;
import uk.ilrledger.schemas.learner.ChangeProposal.Correction;
import uk.ilrledger.schemas.learner.ChangeProposal.EndPointAssessment;
import uk.ilrledger.schemas.learner.ChangeProposal.OutcomeChange;
import uk.ilrledger.schemas.learner.ChangeProposal.Restart;
import uk.ilrledger.schemas.learner.ChangeProposal.Withdrawal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.CorrectedField;
import uk.ilrledger.schemas.learner.LearnerCommand.ImportLearner;
import uk.ilrledger.schemas.learner.LearningRestarted;
import uk.ilrledger.schemas.learner.RestartTerms;
import uk.ilrledger.schemas.learner.RestartedAim;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeType;

/**
 * The changes a re-imported file raises for a learner the ledger already holds (decision 22). A
 * difference that is a change of circumstance becomes that typed change, dated from the file's own
 * dates: an aim now CompStatus 3 a WITHDRAWAL, 6 a BREAK_IN_LEARNING, ended (or a standard out of
 * training) a COMPLETION, a new result an END_POINT_ASSESSMENT or OUTCOME, a new employment status
 * with an employer a CHANGE_OF_EMPLOYER, a new aim with a RES FAM continuing an aim on a break a
 * RESTART. Another new aim is an ADD_AIM (a CORRECTION adding it before the first open day). Whatever still differs
 * is a CORRECTION of only those fields, from the date each takes effect (decision 14). Each change is
 * checked by the rules of its type against the record as the changes before it would leave it, in
 * the order they are to be approved; one the rules refuse is reported, not raised, and the fields
 * it would have written are not slipped in as a correction.
 */
public final class ImportedChanges {

    /** What an aim's ending writes: a refused ending leaves these alone. */
    private static final Set<String> ENDING = Set.of("compStatus", "learnActEndDate", "withdrawReason", "outcome",
            "achDate", "outGrade", "learningDeliveryFams");
    private static final Set<String> RESULT = Set.of("outcome", "achDate", "outGrade");
    private static final String EMPLOYMENT = "learnerEmploymentStatuses";
    private static final String SIMULATED_APPROVER = "(not yet approved)";

    private final ChangeRules rules;
    private final ClosedYears closedYears;
    private final Clock clock;

    public ImportedChanges(ChangeRules rules, ClosedYears closedYears, Clock clock) {
        this.rules = rules;
        this.closedYears = closedYears;
        this.clock = clock;
    }

    /** A difference the rules of its change type refuse: reported with the rule, never raised. */
    public record Refused(ChangeType type, List<String> aims, String ruleId, String field, String message) {
        public Refused {
            aims = List.copyOf(aims);
        }
    }

    /** The changes to raise, in the order they are to be approved, and the differences refused. */
    public record Plan(List<ChangeRaised> raised, List<Refused> refused) {
        public Plan {
            raised = List.copyOf(raised);
            refused = List.copyOf(refused);
        }
    }

    /** The changes that take {@code held} to {@code file} (the file's learner with the aims it lacks kept). */
    public Plan plan(IlrLearner held, IlrLearner file, ImportLearner command) {
        Planner planner = new Planner(held, command);
        planner.endings(file);
        planner.employers(file);
        planner.restarts(file);
        planner.results(file);
        planner.addedAims(held, file);
        planner.corrections(planner.asRestarted(file));
        return new Plan(planner.raised, planner.refused);
    }

    private final class Planner {
        private final ImportLearner command;
        private final LocalDate today = LocalDate.now(clock);
        private final LocalDate firstOpenDay;
        private final List<ChangeRaised> raised = new ArrayList<>();
        private final List<Refused> refused = new ArrayList<>();
        /** Aim key (or "" for the learner) and field: a refused change's fields, left out of corrections. */
        private final Set<String> blocked = new HashSet<>();
        /** The record as the changes raised so far would leave it once approved in order. */
        private IlrLearner simulated;
        /** A file's aim that restarts a held one, by its SWSupAimId in the file: the aim the restart gives the ledger. */
        private final Map<String, String> restartedAs = new LinkedHashMap<>();
        /** A file's restarting aims whose restart the rules refused: not added as aims of their own either. */
        private final Set<String> refusedRestarts = new HashSet<>();

        Planner(IlrLearner held, ImportLearner command) {
            this.simulated = held;
            this.command = command;
            this.firstOpenDay = closedYears.latestClosed(clock.instant()).lastDay().plusDays(1);
        }

        /** Withdrawals, breaks and completions, one change for the aims that share the same values. */
        void endings(IlrLearner file) {
            Map<ChangeProposal, List<String>> byProposal = new LinkedHashMap<>();
            for (LearningDelivery aim : file.learningDeliveries()) {
                simulated.aim(aim.swSupAimId()).flatMap(held -> ending(held, aim))
                        .ifPresent(p -> byProposal.computeIfAbsent(p, k -> new ArrayList<>()).add(aim.swSupAimId()));
            }
            byProposal.forEach((proposal, aims) -> raise(proposal, aims, endDate(proposal), ENDING));
        }

        /** A new employment status with an employer, on a learner with an apprenticeship it applies to. */
        void employers(IlrLearner file) {
            Set<LocalDate> held = new HashSet<>();
            simulated.learnerEmploymentStatuses().forEach(status -> held.add(status.dateEmpStatApp()));
            for (LearnerEmploymentStatus status : file.learnerEmploymentStatuses()) {
                if (held.contains(status.dateEmpStatApp()) || !Objects.equals(status.empStat(), 10)
                        || status.empId() == null) {
                    continue;
                }
                ChangeOfEmployer proposal = new ChangeOfEmployer(status.dateEmpStatApp(), status.empId(), null, null);
                List<String> aims = rules.defaultAims(simulated, proposal);
                if (!aims.isEmpty()) {
                    raise(proposal, aims, status.dateEmpStatApp(), Set.of(EMPLOYMENT));
                }
            }
        }

        /**
         * Aims the file starts again after a break: a new aim with a RES FAM, the LearnAimRef of an aim
         * the ledger holds on a break, that aim's original start as OrigLearnStartDate, starting after it
         * ended. One RESTART per start date, with each aim's own terms and the programme's price from
         * the new aim's TNP records. A restart the ledger already records is not raised again.
         */
        void restarts(IlrLearner file) {
            Map<LocalDate, Map<String, LearningDelivery>> byStart = new TreeMap<>();
            for (LearningDelivery aim : file.learningDeliveries()) {
                if (simulated.aim(aim.swSupAimId()).isPresent() || aim.learnStartDate() == null
                        || aim.learningDeliveryFams().stream().noneMatch(f -> "RES".equals(f.learnDelFAMType()))) {
                    continue;
                }
                Optional<LearningDelivery> recorded = simulated.learningDeliveries().stream()
                        .filter(held -> continues(aim, held) && held.learningDeliveryFams().stream()
                                .anyMatch(f -> "RES".equals(f.learnDelFAMType()))
                                && aim.learnStartDate().equals(held.learnStartDate()))
                        .findFirst();
                if (recorded.isPresent()) {
                    restartedAs.put(aim.swSupAimId(), recorded.get().swSupAimId());
                    continue;
                }
                simulated.learningDeliveries().stream()
                        .filter(held -> held.compStatus() == LearningDelivery.COMP_STATUS_BREAK
                                && held.learnActEndDate() != null && aim.learnStartDate().isAfter(held.learnActEndDate())
                                && originalStart(held).equals(aim.origLearnStartDate())
                                && held.learnAimRef().equals(aim.learnAimRef())
                                && Objects.equals(held.stdCode(), aim.stdCode())
                                && !Programmes.restarted(simulated, held))
                        .findFirst()
                        .ifPresent(held -> byStart.computeIfAbsent(aim.learnStartDate(), d -> new LinkedHashMap<>())
                                .putIfAbsent(held.swSupAimId(), aim));
            }
            byStart.forEach((start, restarting) -> {
                List<String> aims = new ArrayList<>(restarting.keySet());
                List<RestartTerms> terms = new ArrayList<>();
                Integer[] tnp = new Integer[4];
                restarting.forEach((original, aim) -> {
                    terms.add(new RestartTerms(original, aim.learnPlanEndDate(), aim.pHours(), aim.priorLearnFundAdj()));
                    if (aim.programmeAim()) {
                        aim.appFinRecords().stream()
                                .filter(price -> "TNP".equals(price.aFinType()) && price.aFinCode() != null
                                        && price.aFinCode() >= 1 && price.aFinCode() <= 4 && start.equals(price.aFinDate()))
                                .forEach(price -> tnp[price.aFinCode() - 1] = price.aFinAmount());
                    }
                });
                Restart proposal = new Restart(start, null, tnp[0], tnp[1], null, tnp[2], tnp[3], null, terms);
                Optional<ApprovedChange> applied = raise(proposal, aims, start, Set.of());
                if (applied.orElse(null) instanceof LearningRestarted restarted) {
                    for (RestartedAim aim : restarted.restarts()) {
                        restartedAs.put(restarting.get(aim.originalAim()).swSupAimId(), aim.swSupAimId());
                    }
                } else {
                    restarting.values().forEach(aim -> refusedRestarts.add(aim.swSupAimId()));
                }
            });
        }

        /** The file with each restarting aim under the SWSupAimId its restart gives it, for what still differs. */
        IlrLearner asRestarted(IlrLearner file) {
            if (restartedAs.isEmpty() && refusedRestarts.isEmpty()) {
                return file;
            }
            List<LearningDelivery> aims = new ArrayList<>();
            for (LearningDelivery aim : file.learningDeliveries()) {
                if (refusedRestarts.contains(aim.swSupAimId())) {
                    continue;
                }
                String id = restartedAs.get(aim.swSupAimId());
                aims.add(id == null ? aim : aim.withIdentity(simulated.aim(id).map(LearningDelivery::aimSeqNumber)
                        .orElse(aim.aimSeqNumber()), id));
            }
            return file.withLearningDeliveries(aims);
        }

        /** Outcomes and end-point assessments the file records on aims that have ended. */
        void results(IlrLearner file) {
            Map<ChangeProposal, Map<LocalDate, List<String>>> byProposal = new LinkedHashMap<>();
            for (LearningDelivery aim : file.learningDeliveries()) {
                Optional<LearningDelivery> was = simulated.aim(aim.swSupAimId());
                if (was.isEmpty() || aim.outcome() == null || sameResult(was.get(), aim)
                        || blocked.contains(aim.swSupAimId() + "|outcome")) {
                    continue; // a refused ending is not followed by its result
                }
                LearningDelivery held = was.get();
                ChangeProposal proposal;
                LocalDate date;
                if (aim.programmeAim() && RuleChecks.standard(aim) && aim.achDate() != null
                        && (aim.outcome() == 1 || aim.outcome() == 3)) {
                    proposal = new EndPointAssessment(aim.achDate(), aim.outcome(), aim.outGrade());
                    date = aim.achDate();
                } else {
                    proposal = new OutcomeChange(aim.outcome(), aim.achDate(), aim.outGrade());
                    date = aim.achDate() != null ? aim.achDate()
                            : held.learnActEndDate() != null ? held.learnActEndDate() : aim.learnActEndDate();
                }
                if (date == null) {
                    continue; // no ending to date it from: left to a correction
                }
                byProposal.computeIfAbsent(proposal, k -> new LinkedHashMap<>())
                        .computeIfAbsent(date, k -> new ArrayList<>()).add(aim.swSupAimId());
            }
            byProposal.forEach((proposal, byDate) -> byDate.forEach((date, aims) -> raise(proposal, aims, date, RESULT)));
        }

        /** Each aim the file holds and the ledger does not, from its start. */
        void addedAims(IlrLearner held, IlrLearner file) {
            for (LearningDelivery aim : file.learningDeliveries()) {
                if (held.aim(aim.swSupAimId()).isEmpty() && !restartedAs.containsKey(aim.swSupAimId())
                        && !refusedRestarts.contains(aim.swSupAimId())) {
                    LocalDate from = open(aim.learnStartDate());
                    raise(addingAim(aim, from), List.of(), from, Set.of());
                }
            }
        }

        /** Whatever still differs, one correction per date and aim (learner fields together). */
        void corrections(IlrLearner file) {
            Map<LocalDate, List<CorrectedField>> byDate = Corrections.byEffectiveDate(simulated, file);
            LocalDate learnerStart = simulated.learningDeliveries().stream().map(LearningDelivery::learnStartDate)
                    .filter(Objects::nonNull).min(LocalDate::compareTo).orElse(firstOpenDay);
            Map<LocalDate, Map<String, Map<String, Object>>> grouped = new TreeMap<>();
            for (Map.Entry<LocalDate, List<CorrectedField>> dated : byDate.entrySet()) {
                for (CorrectedField change : dated.getValue()) {
                    String aim = change.aim() == null ? "" : change.aim();
                    if (change.field() == null || blocked.contains(aim + "|" + change.field())) {
                        continue; // an added aim is raised whole; a refused change's fields stay refused
                    }
                    boolean ending = change.aim() != null && ENDING.contains(change.field());
                    LocalDate date = dated.getKey() == null ? open(learnerStart)
                            : ending ? dated.getKey() : open(dated.getKey());
                    grouped.computeIfAbsent(date, d -> new LinkedHashMap<>())
                            .computeIfAbsent(aim, a -> new LinkedHashMap<>()).put(change.field(), change.newValue());
                }
            }
            grouped.forEach((date, byAim) -> byAim.forEach((aim, fields) -> raise(aim.isEmpty()
                    ? new Correction(fields, null) : new Correction(null, fields),
                    aim.isEmpty() ? List.of() : List.of(aim), date, Set.of())));
        }

        /** A date from which a restated value takes effect, moved past the closed years, which stay as returned. */
        private LocalDate open(LocalDate date) {
            return date == null || date.isBefore(firstOpenDay) ? firstOpenDay : date;
        }

        /** Raises the change if its rules take it, answering what its approval would record. */
        private Optional<ApprovedChange> raise(ChangeProposal proposal, List<String> aims, LocalDate effectiveDate,
                Set<String> writes) {
            String key = "import|" + command.file().sha256() + "|" + command.learner().asString() + "|"
                    + proposal.type() + "|" + aims + "|" + effectiveDate
                    + (proposal instanceof Correction c && !c.addedAims().isEmpty()
                            ? "|" + c.addedAims().get(0).swSupAimId() : "");
            ChangeRaised change = new ChangeRaised(command.learner(),
                    UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)), proposal, aims, effectiveDate,
                    "Imported from ILR file " + command.fileName() + " (SHA-256 " + command.file().sha256() + ")",
                    List.of(command.file()), command.importedBy());
            try {
                rules.check(simulated, proposal, aims, effectiveDate, today);
                ApprovedChange applied = rules.applied(simulated, change, SIMULATED_APPROVER);
                closedYears.check(simulated, change, applied, clock.instant());
                simulated = IlrFold.apply(simulated, applied);
                raised.add(change);
                return Optional.of(applied);
            } catch (DomainProblem problem) {
                refused.add(new Refused(proposal.type(), aims, problem.ruleId(), problem.field(), problem.getMessage()));
                for (String field : writes) {
                    if (EMPLOYMENT.equals(field)) {
                        blocked.add("|" + field); // a Learner field
                    } else {
                        aims.forEach(aim -> blocked.add(aim + "|" + field));
                    }
                }
                return Optional.empty();
            }
        }
    }

    /** {@code aim} of a file continues {@code held}: the same LearnAimRef and original start. */
    private static boolean continues(LearningDelivery aim, LearningDelivery held) {
        return held.learnAimRef().equals(aim.learnAimRef()) && Objects.equals(held.stdCode(), aim.stdCode())
                && Objects.equals(held.origLearnStartDate(), aim.origLearnStartDate());
    }

    private static LocalDate originalStart(LearningDelivery aim) {
        return aim.origLearnStartDate() != null ? aim.origLearnStartDate() : aim.learnStartDate();
    }

    /**
     * A new aim in the file. Raised as a CORRECTION adding it whole; the one place to switch to a
     * change type of its own.
     */
    /**
     * An ADD_AIM, which takes effect from the aim's start; an aim starting in a closed year cannot be
     * raised from then, so it is added by a correction from the first open day instead.
     */
    private static ChangeProposal addingAim(LearningDelivery aim, LocalDate from) {
        return from.equals(aim.learnStartDate()) ? new AddAim(aim) : new Correction(null, null, List.of(aim));
    }

    /** The change of status the file records on an aim the ledger holds, if any. */
    private static Optional<ChangeProposal> ending(LearningDelivery held, LearningDelivery file) {
        LocalDate end = file.learnActEndDate();
        if (end == null) {
            return Optional.empty();
        }
        int status = file.compStatus();
        if (status == LearningDelivery.COMP_STATUS_WITHDRAWN && held.compStatus() != status) {
            return Optional.of(new Withdrawal(end, file.withdrawReason()));
        }
        if (status == LearningDelivery.COMP_STATUS_BREAK && held.compStatus() != status) {
            return Optional.of(new BreakInLearning(end));
        }
        boolean outOfTraining = status == LearningDelivery.COMP_STATUS_COMPLETED
                || status == LearningDelivery.COMP_STATUS_CONTINUING && file.programmeAim() && RuleChecks.standard(file);
        if (outOfTraining && RuleChecks.inTraining(held)) {
            return Optional.of(new Completion(end));
        }
        return Optional.empty();
    }

    private static LocalDate endDate(ChangeProposal proposal) {
        if (proposal instanceof Withdrawal withdrawal) {
            return withdrawal.learnActEndDate();
        }
        if (proposal instanceof BreakInLearning onBreak) {
            return onBreak.learnActEndDate();
        }
        return ((Completion) proposal).learnActEndDate();
    }

    private static boolean sameResult(LearningDelivery held, LearningDelivery file) {
        return Objects.equals(held.outcome(), file.outcome()) && Objects.equals(held.achDate(), file.achDate())
                && Objects.equals(held.outGrade(), file.outGrade());
    }
}
