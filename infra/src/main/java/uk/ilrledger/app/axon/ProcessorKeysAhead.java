package uk.ilrledger.app.axon;

import java.util.LinkedHashSet;
import java.util.Set;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.ilrledger.command.erasure.PersonalDataKeys;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Before a tracking processor (a projection, the Kafka publisher) opens the first event of a batch,
 * the keys of every learner the batch names are read with one query (decision 28): the events'
 * personal fields are opened with their learner's key as they are read, and without this each learner
 * not seen in the last {@code PersonalDataKeys.REMEMBERED} cost the processor a round trip to the
 * database of its own. The learners come from the events' aggregate identifiers, so nothing is read
 * twice. Subscribing processors handle the events of the command that made them, whose keys are at hand.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessorKeysAhead {

    static final String LEARNER_AGGREGATE = "Learner";

    @Bean
    ConfigurerModule processorsReadKeysAhead(PersonalDataKeys keys) {
        return configurer -> configurer.eventProcessing(processing -> processing.registerDefaultHandlerInterceptor(
                (c, processor) -> new KeysAhead(keys, processor)));
    }

    /** Reads the keys of a batch's learners once, as the batch's first event is handled. */
    static final class KeysAhead implements MessageHandlerInterceptor<EventMessage<?>> {

        private static final String DONE = KeysAhead.class.getName() + ".done";

        private final PersonalDataKeys keys;
        /** Where a tracking processor keeps the segment in its unit of work: a subscribing processor has none. */
        private final String segmentResource;

        KeysAhead(PersonalDataKeys keys, String processor) {
            this.keys = keys;
            this.segmentResource = "Processor[" + processor + "]/SegmentId";
        }

        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
            if (unitOfWork instanceof BatchingUnitOfWork<?> batch && unitOfWork.getResource(DONE) == null
                    && unitOfWork.getResource(segmentResource) != null) {
                unitOfWork.resources().put(DONE, Boolean.TRUE);
                keys.remember(learners(batch));
            }
            return chain.proceed();
        }

        static Set<LearnerId> learners(BatchingUnitOfWork<?> batch) {
            Set<LearnerId> learners = new LinkedHashSet<>();
            for (Object message : batch.getMessages()) {
                if (message instanceof DomainEventMessage<?> event && LEARNER_AGGREGATE.equals(event.getType())
                        && event.getAggregateIdentifier() != null && event.getAggregateIdentifier().indexOf(':') > 0) {
                    learners.add(LearnerId.parse(event.getAggregateIdentifier()));
                }
            }
            return learners;
        }
    }
}
