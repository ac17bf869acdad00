package uk.ilrledger.command.returns;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.returns.RecordSubmission;
import uk.ilrledger.schemas.returns.ReturnSubmitted;

/**
 * A provider's files submitted to the DfE for one collection year. The DfE takes an upload only when
 * its DateTime is later than the last one for the UKPRN and year, so a file dated before the last
 * submitted one cannot have been taken and is refused here too (decision 15).
 */
@Aggregate(commandTargetResolver = "returnsCommandTargetResolver")
public class ProviderReturns {

    @AggregateIdentifier
    private String streamId;
    private final Set<UUID> submissions = new HashSet<>();
    private final Map<String, UUID> files = new HashMap<>();
    private LocalDateTime lastDateTime;
    private String lastFileName;

    protected ProviderReturns() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public UUID handle(RecordSubmission command) {
        if (submissions.contains(command.submissionId())) {
            throw DomainProblem.conflict("submissionId", "submission " + command.submissionId() + " is already recorded");
        }
        if (files.containsKey(command.fileName())) {
            throw DomainProblem.conflict("fileName", command.fileName() + " is already recorded as submitted ("
                    + files.get(command.fileName()) + ")");
        }
        if (lastDateTime != null && !command.dateTime().isAfter(lastDateTime)) {
            throw DomainProblem.conflict("fileName", command.fileName() + " is dated " + command.dateTime()
                    + ", not after " + lastFileName + ", the last file submitted for UKPRN " + command.ukprn()
                    + " in " + command.year() + "; the DfE takes an upload only when it is dated after the last one");
        }
        apply(new ReturnSubmitted(command.ukprn(), command.year(), command.period(), command.submissionId(),
                command.position(), command.asOf(), command.sha256(), command.returnedAims(), command.submittedBy(),
                command.fileName(), command.serialNo(), command.dateTime(), command.filePreparationDate()));
        return command.submissionId();
    }

    @EventSourcingHandler
    void on(ReturnSubmitted event) {
        streamId = event.streamId();
        submissions.add(event.submissionId());
        if (event.fileName() != null) {
            files.put(event.fileName(), event.submissionId());
            lastDateTime = event.dateTime();
            lastFileName = event.fileName();
        }
    }
}
