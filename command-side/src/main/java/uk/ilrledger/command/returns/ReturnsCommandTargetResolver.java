package uk.ilrledger.command.returns;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.returns.RecordSubmission;

/** Routes return commands to the provider-and-year stream. */
@Component("returnsCommandTargetResolver")
public class ReturnsCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof RecordSubmission submission) {
            return new VersionedAggregateIdentifier(submission.streamId(), null);
        }
        throw new IllegalArgumentException("not a returns command: " + command.getPayloadType().getName());
    }
}
