package uk.ilrledger.app.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import uk.ilrledger.command.erasure.PersonalDataSeal;

/**
 * The serializer of the event store: Jackson JSON, events named by their stable names, learners' personal
 * fields sealed with their own keys.
 */
@Configuration(proxyBeanMethods = false)
public class EventSerialization {

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectMapper objectMapper, RevisionResolver revisionResolver, PersonalDataSeal seal) {
        return EventSerializer.create(objectMapper, revisionResolver, EventSerialization.class.getClassLoader(), seal);
    }
}
