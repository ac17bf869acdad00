package uk.ilrledger.command.chain;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.schemas.learner.LearnerEvent;

/**
 * Links each learner event to the one before it with the chain key. The processing group is
 * subscribing, so the link is written in the transaction that appends the event, and covers exactly
 * the bytes the event store writes (the same serializer for payload and metadata, the same
 * timestamp format).
 */
@Component
@ProcessingGroup(HashChain.PROCESSING_GROUP)
public class HashChain {

    public static final String PROCESSING_GROUP = "hash-chain";

    private final JdbcClient jdbc;
    private final Serializer eventSerializer;
    private final ChainKeyring keys;

    public HashChain(JdbcClient jdbc, @Qualifier("eventSerializer") Serializer eventSerializer, ChainKeyring keys) {
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        this.keys = keys;
    }

    @EventHandler
    void on(LearnerEvent event, DomainEventMessage<?> message) {
        String previous = jdbc.sql("""
                SELECT hash FROM learner_event_chain WHERE aggregate_identifier = ?
                ORDER BY sequence_number DESC LIMIT 1""")
                .param(message.getAggregateIdentifier())
                .query(String.class)
                .optional()
                .orElse(EventHash.GENESIS);
        ChainKey key = keys.current();
        String link = EventHash.keyed(key, previous, StoredEvent.of(message, eventSerializer));
        jdbc.sql("""
                INSERT INTO learner_event_chain (event_identifier, aggregate_identifier, sequence_number,
                                                 previous_hash, hash, scheme, key_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(message.getIdentifier(), message.getAggregateIdentifier(), message.getSequenceNumber(),
                        previous, link, LinkScheme.HMAC_SHA256.column(), key.id())
                .update();
    }
}
