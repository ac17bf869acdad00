package uk.ilrledger.command.chain;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import uk.ilrledger.command.chain.ChainVerification.BrokenEvent;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/** Recomputes learners' hash chains from the event table and compares them with the recorded links. */
@Component
public class ChainVerifier {

    private record StoredEvent(long globalIndex, String eventIdentifier, long sequenceNumber, String payloadType,
            String timestamp, byte[] payload) {
    }

    private record Link(String eventIdentifier, long sequenceNumber, String previousHash, String hash) {
    }

    private final JdbcClient jdbc;

    public ChainVerifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public ChainVerification verify(LearnerId learner) {
        String id = learner.asString();
        List<StoredEvent> events = jdbc.sql("""
                SELECT global_index, event_identifier, sequence_number, payload_type, time_stamp, payload
                FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""")
                .param(id)
                .query((rs, n) -> new StoredEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6)))
                .list();
        Map<Long, Link> links = jdbc.sql("""
                SELECT event_identifier, sequence_number, previous_hash, hash
                FROM learner_event_chain WHERE aggregate_identifier = ?""")
                .param(id)
                .query((rs, n) -> new Link(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .list().stream().collect(Collectors.toMap(Link::sequenceNumber, Function.identity()));

        String previous = EventHash.GENESIS;
        for (int i = 0; i < events.size(); i++) {
            StoredEvent event = events.get(i);
            Link link = links.remove(event.sequenceNumber());
            String problem = null;
            if (event.sequenceNumber() != i) {
                problem = "event " + i + " of the stream is missing";
            } else if (link == null) {
                problem = "the event has no link in the hash chain: it was inserted afterwards";
            } else if (!link.eventIdentifier().equals(event.eventIdentifier())) {
                problem = "the event's identifier is not the one the chain recorded";
            } else if (!link.previousHash().equals(previous)) {
                problem = "the chain link does not follow from the previous event";
            } else if (!link.hash().equals(EventHash.of(previous, event.eventIdentifier(), id, event.sequenceNumber(),
                    event.payloadType(), event.timestamp(), event.payload()))) {
                problem = "the stored event differs from the event as recorded (payload, type or time changed)";
            }
            if (problem != null) {
                return broken(id, events.size(), new BrokenEvent(event.sequenceNumber(), event.eventIdentifier(),
                        simpleName(event.payloadType()), event.globalIndex(), problem));
            }
            previous = link.hash();
        }
        if (!links.isEmpty()) {
            Link missing = links.values().stream().min(java.util.Comparator.comparingLong(Link::sequenceNumber))
                    .orElseThrow();
            return broken(id, events.size(), new BrokenEvent(missing.sequenceNumber(), missing.eventIdentifier(), null,
                    null, "the chain records an event that is no longer stored: it was deleted"));
        }
        return new ChainVerification(id, true, events.size(), null);
    }

    /** Every learner of the provider, or of every provider when {@code ukprn} is null. */
    public List<ChainVerification> verifyAll(Ukprn ukprn) {
        List<String> learners = jdbc.sql("""
                SELECT DISTINCT aggregate_identifier FROM learner_event_chain
                WHERE ? IS NULL OR aggregate_identifier LIKE ? ORDER BY aggregate_identifier""")
                .params(ukprn == null ? null : ukprn.toString(), ukprn + ":%")
                .query(String.class)
                .list();
        return learners.stream().map(LearnerId::parse).map(this::verify).toList();
    }

    private static ChainVerification broken(String learner, int events, BrokenEvent at) {
        return new ChainVerification(learner, false, events, at);
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
