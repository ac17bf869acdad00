package uk.ilrledger.command.learner;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.ChangeApproved;
import uk.ilrledger.schemas.learner.ChangeProposal;
import uk.ilrledger.schemas.learner.ChangeRaised;
import uk.ilrledger.schemas.learner.ChangeRejected;
import uk.ilrledger.schemas.learner.LearnerCommand.ApproveChange;
import uk.ilrledger.schemas.learner.LearnerCommand.ApproveErasure;
import uk.ilrledger.schemas.learner.LearnerCommand.ImportLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.MarkQaVerified;
import uk.ilrledger.schemas.learner.LearnerCommand.RaiseChange;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterImportedLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.RegisterLearner;
import uk.ilrledger.schemas.learner.LearnerCommand.RejectChange;
import uk.ilrledger.schemas.learner.LearnerCommand.RequestErasure;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.learner.ErasureRequested;
import uk.ilrledger.schemas.learner.LearnerErased;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.ChangeStatus;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.QaStatus;

/**
 * One learner's ILR and the change requests raised against it. Change requests live inside the
 * aggregate so that approving one is checked against the learner's state at that moment. Kept
 * between commands in the {@link LearnerCache} (decision 35).
 */
@Aggregate(commandTargetResolver = "learnerCommandTargetResolver", cache = "learnerCache")
public class Learner {

    @AggregateIdentifier
    private String learnerId;
    private IlrLearner record;
    private final Map<UUID, RaisedChange> changes = new HashMap<>();
    private QaStatus qaStatus = QaStatus.PENDING;
    private boolean erased;
    private ErasureRequested erasureRequest;

    /** A change request as the aggregate needs to remember it. */
    private record RaisedChange(ChangeRaised raised, ChangeStatus status, String decidedBy) {
    }

    protected Learner() {
        // for Axon: the aggregate is rebuilt from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public IlrLearner handle(RegisterLearner command) {
        IlrLearner normalized = withAimIdentities(command.learner(), command.record(), aim -> null);
        if (record != null) {
            if (record.equals(normalized)) {
                return record; // a retry of the same registration
            }
            throw DomainProblem.conflict("learnRefNumber",
                    "learner " + command.learner().learnRefNumber() + " is already registered with other data");
        }
        apply(new LearnerRegistered(command.learner(), normalized, command.registeredBy()));
        return normalized;
    }

    /**
     * A learner as an imported file holds them. New: nothing is recorded until a second person
     * approves the import; then registered, with the file as evidence, the importer and the
     * approver. Known: each difference between the file and the record is raised as a change
     * awaiting a second person's approval (decision 22), or nothing at all when the file changes
     * nothing. Aims the ledger holds and the file lacks are kept and reported, never deleted or withdrawn.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ImportOutcome handle(ImportLearner command, ImportedChanges importedChanges) {
        if (record == null) {
            return ImportOutcome.of(ImportOutcome.Kind.NEW);
        }
        IlrLearner incoming = withAimIdentities(command.learner(), command.record(), this::heldAimId);
        Set<String> inFile = new HashSet<>();
        incoming.learningDeliveries().forEach(aim -> inFile.add(aim.swSupAimId()));
        List<LearningDelivery> missing = record.learningDeliveries().stream()
                .filter(aim -> !inFile.contains(aim.swSupAimId()))
                .toList();
        List<LearningDelivery> aims = new ArrayList<>(incoming.learningDeliveries());
        aims.addAll(missing);
        IlrLearner merged = incoming.withLearningDeliveries(aims);
        if (merged.equals(record)) {
            return new ImportOutcome(ImportOutcome.Kind.UNCHANGED, missing, List.of(), List.of());
        }
        ImportedChanges.Plan plan = importedChanges.plan(record, merged, command);
        List<ChangeRaised> raised = new ArrayList<>();
        for (ChangeRaised change : plan.raised()) {
            if (!changes.containsKey(change.changeId()) && !alreadyOpen(change)) {
                apply(change);
                raised.add(change);
            }
        }
        return new ImportOutcome(ImportOutcome.Kind.DIFFERS, missing, raised, plan.refused());
    }

    /**
     * A learner new to the ledger, from an import a second person approved: registered with the file as
     * evidence, the importer and the approver. Created without reading the store (the approval checked,
     * under the append lock, that it holds nothing of theirs): an existing learner fails on sequence 0.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public ImportOutcome handle(RegisterImportedLearner command) {
        IlrLearner registered = withAimIdentities(command.learner(), command.record(), aim -> null);
        apply(new LearnerRegistered(command.learner(), registered, command.importedBy(), List.of(command.file()),
                command.approvedBy()));
        return ImportOutcome.of(ImportOutcome.Kind.REGISTERED);
    }

    /** An undecided change proposing the same values for the same aims from the same date. */
    private boolean alreadyOpen(ChangeRaised change) {
        return changes.values().stream().anyMatch(open -> open.status() == ChangeStatus.RAISED
                && open.raised().proposal().equals(change.proposal()) && open.raised().aims().equals(change.aims())
                && open.raised().effectiveDate().equals(change.effectiveDate()));
    }

    /** The SWSupAimId of the held aim a file's aim without one stands for: same AimSeqNumber and LearnAimRef. */
    private String heldAimId(LearningDelivery aim) {
        return record.learningDeliveries().stream()
                .filter(held -> Objects.equals(held.aimSeqNumber(), aim.aimSeqNumber())
                        && Objects.equals(held.learnAimRef(), aim.learnAimRef()))
                .map(LearningDelivery::swSupAimId)
                .findFirst()
                .orElse(null);
    }

    @CommandHandler
    public UUID handle(RaiseChange command, ChangeRules rules, ClosedYears closedYears, Clock clock) {
        ChangeProposal proposal = command.proposal().withDefaults(command.effectiveDate());
        RaisedChange existing = changes.get(command.changeId());
        if (existing != null) {
            ChangeRaised first = existing.raised();
            if (first.proposal().equals(proposal) && first.effectiveDate().equals(command.effectiveDate())
                    && first.reason().equals(command.reason()) && first.evidence().equals(command.evidence())
                    && first.raisedBy().equals(command.raisedBy())) {
                return command.changeId(); // a retry: nothing new is recorded
            }
            throw DomainProblem.conflict("changeId", "change " + command.changeId() + " was already raised with other content");
        }
        List<String> aims = command.aims().isEmpty() ? rules.defaultAims(record, proposal) : resolveAims(command.aims());
        rules.check(record, proposal, aims, command.effectiveDate(), LocalDate.now(clock));
        ChangeRaised raised = new ChangeRaised(command.learner(), command.changeId(), proposal, aims,
                command.effectiveDate(), command.reason(), command.evidence(), command.raisedBy());
        closedYears.check(record, raised, rules.applied(record, raised, command.raisedBy()), clock.instant());
        apply(raised);
        return command.changeId();
    }

    @CommandHandler
    public void handle(ApproveChange command, ChangeRules rules, ClosedYears closedYears, Clock clock) {
        RaisedChange change = undecided(command.changeId(), command.approvedBy());
        ChangeRaised raised = change.raised();
        try {
            rules.check(record, raised.proposal(), raised.aims(), raised.effectiveDate(), LocalDate.now(clock));
        } catch (DomainProblem problem) {
            // The learner has moved on since the change was raised: the change no longer fits.
            throw new DomainProblem(DomainProblem.Kind.CONFLICT, problem.field(), problem.ruleId(),
                    "the change no longer fits the learner's record: " + problem.getMessage());
        }
        ApprovedChange applied = rules.applied(record, raised, command.approvedBy());
        ClosedYears.Verdict closedYear = closedYears.check(record, raised, applied, clock.instant());
        apply(new ChangeApproved(command.learner(), command.changeId(), command.approvedBy(), command.comment()));
        apply(applied);
        closedYear.keptInNextYear(raised, command.approvedBy()).ifPresent(AggregateLifecycle::apply);
    }

    @CommandHandler
    public void handle(RejectChange command) {
        undecided(command.changeId(), command.rejectedBy());
        apply(new ChangeRejected(command.learner(), command.changeId(), command.rejectedBy(), command.reason()));
    }

    @CommandHandler
    public QaStatus handle(MarkQaVerified command) {
        if (qaStatus == QaStatus.VERIFIED) {
            throw DomainProblem.conflict("learnRefNumber",
                    "learner " + command.learner().learnRefNumber() + " is already QA-verified and unchanged since");
        }
        apply(new QaVerified(command.learner(), command.verifiedBy(), command.comment()));
        return QaStatus.VERIFIED;
    }

    @CommandHandler
    public void handle(RequestErasure command) {
        notErased(command.learner());
        if (erasureRequest != null) {
            throw DomainProblem.conflict("learnRefNumber", "an erasure of learner " + command.learner().learnRefNumber()
                    + " was already requested by " + erasureRequest.requestedBy() + " and awaits approval");
        }
        apply(new ErasureRequested(command.learner(), command.reason(), command.requestedBy()));
    }

    @CommandHandler
    public void handle(ApproveErasure command) {
        notErased(command.learner());
        if (erasureRequest == null) {
            throw DomainProblem.notFound("learnRefNumber",
                    "no erasure of learner " + command.learner().learnRefNumber() + " was requested");
        }
        if (erasureRequest.requestedBy().equals(command.approvedBy())) {
            throw DomainProblem.forbidden("four eyes: " + command.approvedBy()
                    + " requested the erasure of learner " + command.learner().learnRefNumber() + " and cannot also approve it");
        }
        apply(new LearnerErased(command.learner(), erasureRequest.reason(), erasureRequest.requestedBy(),
                command.approvedBy()));
    }

    private void notErased(LearnerId learner) {
        if (erased) {
            throw DomainProblem.conflict("learnRefNumber", "learner " + learner.learnRefNumber() + " is already erased");
        }
    }

    @EventSourcingHandler
    void on(ErasureRequested event) {
        erasureRequest = event;
        fold(event);
    }

    @EventSourcingHandler
    void on(LearnerErased event) {
        erased = true;
        erasureRequest = null;
        fold(event);
    }

    @EventSourcingHandler
    void on(QaVerified event) {
        qaStatus = QaStatus.VERIFIED;
    }

    @EventSourcingHandler
    void on(LearnerRegistered event) {
        learnerId = event.learner().asString();
        fold(event);
    }

    @EventSourcingHandler
    void on(ChangeRaised event) {
        changes.put(event.changeId(), new RaisedChange(event, ChangeStatus.RAISED, null));
        fold(event);
    }

    @EventSourcingHandler
    void on(ChangeApproved event) {
        decide(event.changeId(), ChangeStatus.APPROVED, event.approvedBy());
        fold(event);
    }

    @EventSourcingHandler
    void on(ChangeRejected event) {
        decide(event.changeId(), ChangeStatus.REJECTED, event.rejectedBy());
        fold(event);
    }

    @EventSourcingHandler
    void on(ApprovedChange event) {
        qaStatus = QaStatus.PENDING;
        fold(event);
    }

    private void fold(LearnerEvent event) {
        record = IlrFold.apply(record, event);
    }

    private void decide(UUID changeId, ChangeStatus status, String by) {
        changes.computeIfPresent(changeId, (id, change) -> new RaisedChange(change.raised(), status, by));
    }

    /** The change, if it awaits a decision and {@code decider} may take it (four eyes). */
    private RaisedChange undecided(UUID changeId, String decider) {
        RaisedChange change = changes.get(changeId);
        if (change == null) {
            throw DomainProblem.notFound("changeId", "no change " + changeId + " for learner " + learnerId);
        }
        if (change.status() != ChangeStatus.RAISED) {
            throw DomainProblem.conflict("changeId",
                    "change " + changeId + " was already " + change.status().name().toLowerCase() + " by " + change.decidedBy());
        }
        if (change.raised().raisedBy().equals(decider)) {
            throw DomainProblem.forbidden(
                    "four eyes: " + decider + " raised change " + changeId + " and cannot also decide it");
        }
        return change;
    }



    /** Aims named by AimSeqNumber or SWSupAimId, as SWSupAimIds. */
    private List<String> resolveAims(List<String> requested) {
        List<String> resolved = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String ref = requested.get(i);
            String field = "aims[" + i + "]";
            LearningDelivery aim = record.learningDeliveries().stream()
                    .filter(d -> ref.equals(d.swSupAimId()) || ref.equals(String.valueOf(d.aimSeqNumber())))
                    .findFirst()
                    .orElseThrow(() -> DomainProblem.invalid(field,
                            "learner has no aim with AimSeqNumber or SWSupAimId '" + ref + "'"));
            if (resolved.contains(aim.swSupAimId())) {
                throw DomainProblem.invalid(field, "aim '" + ref + "' is named twice");
            }
            resolved.add(aim.swSupAimId());
        }
        return resolved;
    }

    /**
     * Gives every aim its AimSeqNumber (position when absent) and SWSupAimId: its own, else the one
     * {@code known} gives (an aim the ledger already holds), else one derived from the learner and
     * the aim, so a retried registration or re-imported file derives the same one.
     */
    private static IlrLearner withAimIdentities(LearnerId learner, IlrLearner record,
            Function<LearningDelivery, String> known) {
        List<LearningDelivery> aims = record.learningDeliveries();
        if (aims.isEmpty()) {
            throw DomainProblem.invalid("learningDeliveries", "a learner needs at least one LearningDelivery");
        }
        Set<Integer> seqNumbers = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<LearningDelivery> identified = new ArrayList<>();
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            int seq = Objects.requireNonNullElse(aim.aimSeqNumber(), i + 1);
            String id = aim.swSupAimId() != null ? aim.swSupAimId() : known.apply(aim.withIdentity(seq, null));
            if (id == null) {
                id = UUID.nameUUIDFromBytes((learner.asString() + "|" + seq + "|" + aim.learnAimRef() + "|"
                        + aim.learnStartDate()).getBytes(StandardCharsets.UTF_8)).toString();
            }
            if (!seqNumbers.add(seq)) {
                throw DomainProblem.invalid("learningDeliveries[" + i + "].aimSeqNumber", "AimSeqNumber " + seq + " is used twice");
            }
            if (!ids.add(id)) {
                throw DomainProblem.invalid("learningDeliveries[" + i + "].swSupAimId", "SWSupAimId " + id + " is used twice");
            }
            identified.add(aim.withIdentity(seq, id));
        }
        return record.withLearningDeliveries(identified);
    }
}
