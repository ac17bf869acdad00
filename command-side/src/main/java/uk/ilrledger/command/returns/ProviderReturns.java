package uk.ilrledger.command.returns;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashSet;
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

/** A provider's submitted returns of one collection year. */
@Aggregate(commandTargetResolver = "returnsCommandTargetResolver")
public class ProviderReturns {

    @AggregateIdentifier
    private String streamId;
    private final Set<UUID> submissions = new HashSet<>();

    protected ProviderReturns() {
        // for Axon: rebuilt from its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public UUID handle(RecordSubmission command) {
        if (submissions.contains(command.submissionId())) {
            throw DomainProblem.conflict("submissionId", "submission " + command.submissionId() + " is already recorded");
        }
        apply(new ReturnSubmitted(command.ukprn(), command.year(), command.period(), command.submissionId(),
                command.position(), command.asOf(), command.sha256(), command.returnedAims(), command.submittedBy()));
        return command.submissionId();
    }

    @EventSourcingHandler
    void on(ReturnSubmitted event) {
        streamId = event.streamId();
        submissions.add(event.submissionId());
    }
}
