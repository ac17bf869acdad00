package uk.ilrledger.command.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import uk.ilrledger.command.chain.ChainVerification.BrokenEvent;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Recomputes learners' chains from the event table in one ordered pass and compares them with the
 * recorded links and with the heads anchored in the checkpoints.
 */
@Component
public class ChainVerifier {

    /** Which learners a pass covers. */
    public sealed interface Scope {
        record Everyone() implements Scope {
        }

        record Provider(Ukprn ukprn) implements Scope {
        }

        record OneLearner(LearnerId learner) implements Scope {
        }

        static Scope of(Ukprn ukprnOrNull) {
            return ukprnOrNull == null ? new Everyone() : new Provider(ukprnOrNull);
        }
    }

    /** Told each learner's result as the pass reaches it. */
    @FunctionalInterface
    public interface Listener {
        void checked(ChainVerification learner, long learnersSoFar, long eventsSoFar);
    }

    /** What a whole pass found. {@code problems} are the store's, not one learner's (the checkpoints). */
    public record Summary(long learners, long events, long broken, int checkpoints, List<String> problems) {
        public boolean intact() {
            return broken == 0 && problems.isEmpty();
        }
    }

    private static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;
    private final ChainKeyring keys;
    private final ChainCheckpoints checkpoints;

    public ChainVerifier(DataSource dataSource, ChainKeyring keys, ChainCheckpoints checkpoints) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.checkpoints = checkpoints;
    }

    /** One learner, against the checkpoints read so far (for the API). */
    public ChainVerification verify(LearnerId learner) {
        Anchors anchors = checkpoints.latest();
        ChainVerification[] result = {new ChainVerification(learner.asString(), true, 0, null)};
        Summary summary = pass(new Scope.OneLearner(learner), anchors, (v, l, e) -> result[0] = v);
        if (result[0].intact() && !summary.problems().isEmpty()) {
            return new ChainVerification(learner.asString(), false, result[0].events(), new BrokenEvent(0, null, null,
                    null, "the checkpoints cannot vouch for this learner: " + String.join("; ", summary.problems())));
        }
        return result[0];
    }

    /** Every learner in scope, checkpoints read again from their files. */
    public Summary verify(Scope scope, Listener listener) {
        return pass(scope, checkpoints.read(), listener);
    }

    private Summary pass(Scope scope, Anchors anchors, Listener listener) {
        String parameter = scope instanceof Scope.Provider p ? p.ukprn() + ":%"
                : scope instanceof Scope.OneLearner l ? l.learner().asString() : null;
        String filter = scope instanceof Scope.Provider ? "%s.aggregate_identifier LIKE ?"
                : scope instanceof Scope.OneLearner ? "%s.aggregate_identifier = ?" : "TRUE";
        Pass pass = new Pass(anchors, listener);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            // Both statements see the same snapshot: appends during the pass are simply not in it.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                try (var settings = c.createStatement()) {
                    // A streaming pass gains nothing from JIT compilation, which costs seconds before the first row.
                    settings.execute("SET LOCAL jit = off");
                }
                pass.orphans = orphans(c, filter.formatted("c"), parameter);
                // Learner events are those of the Learner aggregate, and any other stream holding a chain:
                // relabelling an event's aggregate type must not take it out of the check.
                try (PreparedStatement events = c.prepareStatement("""
                        SELECT e.aggregate_identifier, e.sequence_number, e.global_index, e.event_identifier, e.type,
                               e.payload_type, e.payload_revision, e.time_stamp, e.payload, e.meta_data,
                               c.event_identifier, c.previous_hash, c.hash, c.scheme, c.key_id
                        FROM domain_event_entry e
                        LEFT JOIN learner_event_chain c ON c.aggregate_identifier = e.aggregate_identifier
                                                       AND c.sequence_number = e.sequence_number
                        WHERE %s AND (e.type = 'Learner' OR e.type IS NULL OR EXISTS (
                                SELECT 1 FROM learner_event_chain h WHERE h.aggregate_identifier = e.aggregate_identifier))
                        ORDER BY e.aggregate_identifier, e.sequence_number""".formatted(filter.formatted("e")))) {
                    events.setFetchSize(FETCH_SIZE);
                    if (parameter != null) {
                        events.setString(1, parameter);
                    }
                    try (ResultSet rs = events.executeQuery()) {
                        while (rs.next()) {
                            pass.row(rs);
                        }
                    }
                }
                pass.finish(scope, parameter);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot read the event store: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>(anchors.problems());
        if (anchors.checkpoints() == 0 && pass.keyedLinks && !(scope instanceof Scope.OneLearner)) {
            problems.add("there are no checkpoints in " + checkpoints.directory()
                    + ", yet the store holds keyed links: the checkpoints were removed, or this is not their directory");
        }
        return new Summary(pass.learners, pass.events, pass.broken, anchors.checkpoints(), List.copyOf(problems));
    }

    /** Links whose event is no longer stored, by learner and sequence number. */
    private static Map<String, TreeMap<Long, String>> orphans(Connection c, String filter, String parameter)
            throws SQLException {
        Map<String, TreeMap<Long, String>> orphans = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT c.aggregate_identifier, c.sequence_number, c.event_identifier FROM learner_event_chain c
                WHERE %s AND NOT EXISTS (SELECT 1 FROM domain_event_entry e
                                         WHERE e.aggregate_identifier = c.aggregate_identifier
                                           AND e.sequence_number = c.sequence_number)""".formatted(filter))) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    orphans.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getLong(2), rs.getString(3));
                }
            }
        }
        return orphans;
    }

    /** The state of one pass: the learner being checked and the totals so far. */
    private final class Pass {
        final Anchors anchors;
        final Listener listener;
        final Map<String, Mac> macs = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        Map<String, TreeMap<Long, String>> orphans = Map.of();
        long learners;
        long events;
        long broken;
        boolean keyedLinks;

        Learner current;

        Pass(Anchors anchors, Listener listener) {
            this.anchors = anchors;
            this.listener = listener;
        }

        void row(ResultSet rs) throws SQLException {
            String learner = rs.getString(1);
            if (current == null || !current.id.equals(learner)) {
                if (current != null) {
                    done(current);
                }
                current = new Learner(learner, anchors.head(learner), anchors.plainLinksUpTo(learner));
            }
            events++;
            current.event(rs.getLong(2), rs.getLong(3), new StoredEvent(rs.getString(4), learner, rs.getString(5),
                    rs.getLong(2), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10)),
                    rs.getString(11) == null ? null : new Link(rs.getString(11), strip(rs.getString(12)),
                            strip(rs.getString(13)), rs.getString(14), rs.getString(15)));
        }

        void finish(Scope scope, String parameter) {
            if (current != null) {
                done(current);
            }
            // Learners with links but no events left, and anchored learners gone altogether.
            Map<String, Learner> gone = new TreeMap<>();
            for (String learner : orphans.keySet()) {
                if (!seen.contains(learner)) {
                    gone.put(learner, new Learner(learner, anchors.head(learner), anchors.plainLinksUpTo(learner)));
                }
            }
            for (var head : anchors.heads().entrySet()) {
                String learner = head.getKey();
                boolean inScope = scope instanceof Scope.Provider
                        ? learner.startsWith(parameter.substring(0, parameter.length() - 1))
                        : scope instanceof Scope.OneLearner ? learner.equals(parameter) : true;
                if (inScope && !seen.contains(learner)) {
                    gone.putIfAbsent(learner, new Learner(learner, Optional.of(head.getValue()), -1));
                }
            }
            gone.values().forEach(this::done);
        }

        private void done(Learner learner) {
            seen.add(learner.id);
            ChainVerification result = learner.result(orphans.getOrDefault(learner.id, new TreeMap<>()));
            learners++;
            if (!result.intact()) {
                broken++;
            }
            listener.checked(result, learners, events);
        }

        Mac mac(ChainKey key) {
            return macs.computeIfAbsent(key.id(), id -> key.newMac());
        }

        /** One learner's chain, checked event by event as the rows arrive in sequence order. */
        private final class Learner {
            final String id;
            final Optional<Anchors.Head> anchored;
            final long plainUpTo;
            int count;
            String previous = EventHash.GENESIS;
            String linkAtAnchor;
            BrokenEvent broken;

            Learner(String id, Optional<Anchors.Head> anchored, long plainUpTo) {
                this.id = id;
                this.anchored = anchored;
                this.plainUpTo = plainUpTo;
            }

            void event(long sequence, long globalIndex, StoredEvent event, Link link) {
                count++;
                if (broken != null) {
                    return;
                }
                String problem = problem(sequence, event, link);
                if (problem != null) {
                    broken = new BrokenEvent(sequence, event.eventIdentifier(), simpleName(event.payloadType()),
                            globalIndex, problem);
                    return;
                }
                if (anchored.isPresent() && anchored.get().sequenceNumber() == sequence) {
                    linkAtAnchor = link.hash();
                }
                previous = link.hash();
            }

            private String problem(long sequence, StoredEvent event, Link link) {
                if (sequence != count - 1) {
                    return "event " + (count - 1) + " of the stream is missing";
                }
                if (link == null) {
                    return "the event has no link in the hash chain: it was inserted afterwards";
                }
                if (!link.eventIdentifier().equals(event.eventIdentifier())) {
                    return "the event's identifier is not the one the chain recorded";
                }
                if (!link.previousHash().equals(previous)) {
                    return "the chain link does not follow from the previous event";
                }
                Optional<LinkScheme> scheme = LinkScheme.of(link.scheme());
                if (scheme.isEmpty()) {
                    return "the link's scheme '" + link.scheme() + "' is not one the ledger writes";
                }
                String expected;
                switch (scheme.get()) {
                    case SHA256 -> {
                        if (sequence > plainUpTo) {
                            return "the link is plain SHA-256, but this event came after the chain was keyed: "
                                    + "it was rewritten by someone without the chain key";
                        }
                        expected = EventHash.of(previous, event.eventIdentifier(), id, sequence, event.payloadType(),
                                event.timestamp(), event.payload());
                    }
                    case HMAC_SHA256 -> {
                        keyedLinks = true;
                        Optional<ChainKey> key = keys.key(link.keyId());
                        if (key.isEmpty()) {
                            return "the link was made with chain key '" + link.keyId()
                                    + "', which is not configured (add it to ilr-ledger.chain.retired-keys)";
                        }
                        expected = EventHash.keyed(mac(key.get()), previous, event);
                    }
                    default -> throw new IllegalStateException(scheme.get().name());
                }
                if (!expected.equals(link.hash())) {
                    return "the stored event differs from the event as recorded "
                            + "(payload, metadata, type, revision or time changed)";
                }
                return null;
            }

            ChainVerification result(TreeMap<Long, String> orphanLinks) {
                if (!orphanLinks.isEmpty() && (broken == null || orphanLinks.firstKey() < broken.sequenceNumber())) {
                    var first = orphanLinks.firstEntry();
                    broken = new BrokenEvent(first.getKey(), first.getValue(), null, null,
                            "the chain records an event that is no longer stored: it was deleted");
                }
                if (anchored.isPresent() && (broken == null || anchored.get().sequenceNumber() < broken.sequenceNumber())) {
                    Anchors.Head head = anchored.get();
                    String where = "checkpoint " + head.checkpoint() + " of " + head.time() + " anchored event "
                            + head.sequenceNumber();
                    if (count == 0) {
                        broken = new BrokenEvent(0, null, null, null,
                                "the learner's events are gone, but " + where + ": they were deleted");
                    } else if (count <= head.sequenceNumber()) {
                        broken = new BrokenEvent(count, null, null, null, "the stored chain ends at event " + (count - 1)
                                + ", but " + where + ": later events were deleted with their links");
                    } else if (linkAtAnchor == null || !linkAtAnchor.equals(head.link())) {
                        broken = new BrokenEvent(head.sequenceNumber(), null, null, null, "the link of event "
                                + head.sequenceNumber() + " is not the one " + where + ": the chain was rewritten");
                    }
                }
                return new ChainVerification(id, broken == null, count, broken);
            }
        }
    }

    private record Link(String eventIdentifier, String previousHash, String hash, String scheme, String keyId) {
    }

    private static String strip(String hash) {
        return hash == null ? null : hash.strip();
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }
}
