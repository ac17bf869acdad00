package uk.ilrledger.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import javax.crypto.Mac;
import uk.ilrledger.command.chain.ChainKey;
import uk.ilrledger.command.chain.EventHash;
import uk.ilrledger.command.chain.LinkScheme;
import uk.ilrledger.command.chain.StoredEvent;
import uk.ilrledger.projections.Json;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.upcasting.EventTypeNames;

/**
 * Builds the bulk store fast: the generator's events serialized by the application's own event
 * serializer (same payload type, revision, JSON and metadata as the command path writes), each
 * with its hash-chain link computed as {@code HashChain} computes it (keyed with the application's
 * chain key, over the same payload and metadata bytes), and the event-log projection
 * row as {@code LearnerEventLog} writes it, all sent with COPY. The global index is assigned here
 * and the sequence moved past it, so the application carries on from the end of the store.
 */
final class StoreLoader {

    /** A serialized event ready for COPY. */
    record Row(String eventId, String aggregateId, long sequence, String payloadType, String revision,
            String timestamp, byte[] payload, byte[] metaData, String previousHash, String hash, Instant at,
            int ukprn, String learnRef, String eventType, String changeId, String effectiveDate, String json) {
    }


    /** The aggregate type the event store records for learner events. */
    static final String AGGREGATE_TYPE = "Learner";

    private final DataSource dataSource;
    private final Serializer serializer;
    private final Json json;
    private final ChainKey key;
    private final Mac mac;

    StoreLoader(DataSource dataSource, Serializer serializer, Json json, ChainKey key) {
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.json = json;
        this.key = key;
        this.mac = key.newMac();
    }

    /** The key id every link this loader makes records. */
    String keyId() {
        return key.id();
    }

    /** One learner's events as rows, sequence numbers from 0, hash chain from the genesis hash. */
    List<Row> rows(List<ProviderGenerator.Generated> events) {
        List<Row> rows = new ArrayList<>(events.size());
        String previous = EventHash.GENESIS;
        long sequence = 0;
        for (ProviderGenerator.Generated g : events) {
            rows.add(row(g.event(), g.eventId().toString(), sequence++, g.at(), previous, g.changeId(), g.effectiveDate(),
                    g.correlationId()));
            previous = rows.get(rows.size() - 1).hash();
        }
        return rows;
    }

    Row row(LearnerEvent event, String eventId, long sequence, Instant at, String previousHash, java.util.UUID changeId,
            java.time.LocalDate effectiveDate, String correlationId) {
        SerializedObject<byte[]> payload = serializer.serialize(event, byte[].class);
        byte[] metaData = serializer.serialize(MetaData.with("correlationId", correlationId).and("traceId", correlationId),
                byte[].class).getData();
        String aggregate = event.learner().asString();
        String timestamp = DateTimeUtils.formatInstant(at);
        String hash = EventHash.keyed(mac, previousHash, new StoredEvent(eventId, aggregate, AGGREGATE_TYPE, sequence,
                payload.getType().getName(), payload.getType().getRevision(), timestamp, payload.getData(), metaData));
        return new Row(eventId, aggregate, sequence, payload.getType().getName(), payload.getType().getRevision(),
                timestamp, payload.getData(), metaData, previousHash, hash, at, event.learner().ukprn().value(),
                event.learner().learnRefNumber().value(), EventTypeNames.nameOf(event.getClass()).orElseThrow(),
                changeId == null ? null : changeId.toString(), effectiveDate == null ? null : effectiveDate.toString(),
                json.write(event));
    }

    /**
     * Generates and loads {@code learners} learners holding about {@code events} events in chunks;
     * within a chunk events go in time order. Generation and COPY overlap (the server is the other core).
     * Answers the number of events stored.
     */
    long load(ProviderGenerator generator, int ukprn, int learners, long events, LongConsumer progress) throws Exception {
        int chunk = 500;
        long global = 0;
        long remainingEvents = events;
        ExecutorService copier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-copy");
            t.setDaemon(true);
            return t;
        });
        Future<?> pending = null;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (int from = 1; from <= learners; from += chunk) {
                int to = Math.min(learners, from + chunk - 1);
                List<Row> rows = new ArrayList<>();
                for (int n = from; n <= to; n++) {
                    int learnersLeft = learners - n + 1;
                    int budget = (int) Math.max(1, Math.round((double) remainingEvents / learnersLeft));
                    List<Row> learnerRows = rows(generator.learner(ukprn, n, budget));
                    remainingEvents -= learnerRows.size();
                    rows.addAll(learnerRows);
                }
                rows.sort(Comparator.comparing(Row::at));
                long first = global + 1;
                global += rows.size();
                byte[][] data = encode(rows, first, key.id());
                if (pending != null) {
                    pending.get();
                }
                final long done = global;
                pending = copier.submit(() -> {
                    copy.copyIn("COPY domain_event_entry (global_index, event_identifier, meta_data, payload, "
                            + "payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type) "
                            + "FROM STDIN", new ByteArrayInputStream(data[0]));
                    copy.copyIn("COPY learner_event_chain (event_identifier, aggregate_identifier, sequence_number, "
                            + "previous_hash, hash, scheme, key_id) FROM STDIN", new ByteArrayInputStream(data[1]));
                    copy.copyIn("COPY learner_event_log (global_index, ukprn, learn_ref_number, sequence_number, "
                            + "event_identifier, event_type, recorded_at, change_id, effective_date, payload) FROM STDIN",
                            new ByteArrayInputStream(data[2]));
                    progress.accept(done);
                    return null;
                });
            }
            if (pending != null) {
                pending.get();
            }
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT setval(pg_get_serial_sequence('domain_event_entry', 'global_index'), "
                        + Math.max(1, global) + ")");
                s.execute("ANALYZE domain_event_entry");
                s.execute("ANALYZE learner_event_chain");
                s.execute("ANALYZE learner_event_log");
            }
        } finally {
            copier.shutdownNow();
        }
        return global;
    }

    private static byte[][] encode(List<Row> rows, long firstGlobalIndex, String keyId) {
        ByteArrayOutputStream events = new ByteArrayOutputStream(rows.size() * 2048);
        ByteArrayOutputStream chain = new ByteArrayOutputStream(rows.size() * 200);
        ByteArrayOutputStream log = new ByteArrayOutputStream(rows.size() * 1024);
        long global = firstGlobalIndex;
        for (Row r : rows) {
            line(events, Long.toString(global), r.eventId(), bytea(r.metaData()), bytea(r.payload()), r.revision(),
                    r.payloadType(), r.timestamp(), r.aggregateId(), Long.toString(r.sequence()), AGGREGATE_TYPE);
            line(chain, r.eventId(), r.aggregateId(), Long.toString(r.sequence()), r.previousHash(), r.hash(),
                    LinkScheme.HMAC_SHA256.column(), keyId);
            line(log, Long.toString(global), Integer.toString(r.ukprn()), r.learnRef(), Long.toString(r.sequence()),
                    r.eventId(), r.eventType(), r.at().toString(), r.changeId(), r.effectiveDate(), r.json());
            global++;
        }
        return new byte[][] {events.toByteArray(), chain.toByteArray(), log.toByteArray()};
    }

    private static String bytea(byte[] data) {
        return "\\x" + HexFormat.of().formatHex(data);
    }

    /** One row of COPY's text format: tab-separated, \N for null, backslash escapes. */
    private static void line(ByteArrayOutputStream out, String... values) {
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            String v = values[i];
            if (v == null) {
                line.append("\\N");
                continue;
            }
            for (int c = 0; c < v.length(); c++) {
                char ch = v.charAt(c);
                switch (ch) {
                    case '\\' -> line.append("\\\\");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\t' -> line.append("\\t");
                    default -> line.append(ch);
                }
            }
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
