package uk.ilrledger.command.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import uk.ilrledger.schemas.learner.LearnerEvent;

/**
 * Links each learner event to the one before it with the chain key. The processing group is
 * subscribing, so the link is written in the transaction that appends the event, and covers exactly
 * the bytes the event store writes (the same serializer for payload and metadata, the same
 * timestamp format).
 *
 * <p>The links of one batch of appended events (a command's, or a chunk of an import's) are written
 * in one JDBC batch when the batch is handled. The link an event follows is, in this order: none
 * (genesis) for a learner's first event; the link of the event before it in the same batch; the
 * committed link of the sequence number before it, as {@link ChainHeads} remembers it; else read
 * from the chain table (decision 27).
 */
@Component
@ProcessingGroup(HashChain.PROCESSING_GROUP)
public class HashChain {

    public static final String PROCESSING_GROUP = "hash-chain";

    private static final String LINKS = HashChain.class.getName() + ".links";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final Serializer eventSerializer;
    private final ChainKeyring keys;
    private final ChainHeads heads;

    public HashChain(JdbcClient jdbc, JdbcTemplate jdbcTemplate, @Qualifier("eventSerializer") Serializer eventSerializer,
            ChainKeyring keys, ChainHeads heads) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.eventSerializer = eventSerializer;
        this.keys = keys;
        this.heads = heads;
    }

    @EventHandler
    void on(LearnerEvent event, DomainEventMessage<?> message) {
        Links links = links();
        String aggregate = message.getAggregateIdentifier();
        long sequence = message.getSequenceNumber();
        String previous = links.previous(aggregate, sequence);
        ChainKey key = keys.current();
        String link = EventHash.keyed(links.mac(key), previous, StoredEvent.of(message, eventSerializer));
        links.add(new Object[] {message.getIdentifier(), aggregate, sequence, previous, link,
                LinkScheme.HMAC_SHA256.column(), key.id()}, new ChainHeads.Head(sequence, link), aggregate);
    }

    /** The links of the batch being handled, written when it is. */
    private Links links() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("a chain link is written only in the unit of work appending its event");
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(LINKS, name -> {
            Links links = new Links();
            unitOfWork.onPrepareCommit(u -> links.write());
            return links;
        });
    }

    /** One batch's links, in the order their events were appended. */
    private final class Links {
        private final List<Object[]> rows = new ArrayList<>();
        private final Map<String, ChainHeads.Head> latest = new HashMap<>();
        private javax.crypto.Mac mac;
        private ChainKey macKey;

        String previous(String aggregate, long sequence) {
            if (sequence == 0) {
                return EventHash.GENESIS;
            }
            ChainHeads.Head inBatch = latest.get(aggregate);
            if (inBatch != null && inBatch.sequenceNumber() == sequence - 1) {
                return inBatch.link();
            }
            Optional<String> committed = heads.linkOf(aggregate, sequence - 1);
            return committed.orElseGet(() -> jdbc.sql("""
                    SELECT hash FROM learner_event_chain WHERE aggregate_identifier = ?
                    ORDER BY sequence_number DESC LIMIT 1""")
                    .param(aggregate)
                    .query(String.class)
                    .optional()
                    .orElse(EventHash.GENESIS));
        }

        javax.crypto.Mac mac(ChainKey key) {
            if (mac == null || macKey != key) {
                mac = key.newMac();
                macKey = key;
            }
            return mac;
        }

        void add(Object[] row, ChainHeads.Head head, String aggregate) {
            rows.add(row);
            latest.put(aggregate, head);
        }

        void write() {
            if (rows.isEmpty()) {
                return;
            }
            jdbcTemplate.batchUpdate("""
                    INSERT INTO learner_event_chain (event_identifier, aggregate_identifier, sequence_number,
                                                     previous_hash, hash, scheme, key_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", rows);
            rows.clear();
            Map<String, ChainHeads.Head> written = Map.copyOf(latest);
            latest.clear();
            // Remembered only once the transaction commits: a rolled-back link must never be followed.
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        heads.committed(written);
                    }
                });
            }
        }
    }
}
