package uk.ilrledger.command.learner;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.learner.LearnerCommand;

/** Routes every {@link LearnerCommand} to the learner's stream, keeping Axon annotations out of the schemas. */
@Component("learnerCommandTargetResolver")
public class LearnerCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof LearnerCommand learnerCommand) {
            return new VersionedAggregateIdentifier(learnerCommand.learner().asString(), null);
        }
        throw new IllegalArgumentException("not a learner command: " + command.getPayloadType().getName());
    }
}
