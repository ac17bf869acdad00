package uk.ilrledger.command.erasure;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Each learner's own AES-256 key for their personal fields, kept in {@code learner_key} wrapped with
 * the master key. A key is made the first time one of the learner's personal values is sealed, in the
 * transaction that appends the event, so a learner whose registration rolls back leaves no key.
 * Erasing drops the wrapped key for good (crypto-shredding): what was sealed with it cannot be opened
 * again, by the ledger or by anyone holding the database and the master key.
 *
 * <p>Keys that open are remembered for at most {@link #REMEMBERED} per instance; an erasure forgets
 * the key at once on the instance that erased it.
 */
public class LearnerKeys {

    /** How long an instance keeps an opened key before reading it again (so an erasure elsewhere shows). */
    static final Duration REMEMBERED = Duration.ofSeconds(30);
    private static final int MAX_REMEMBERED = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A learner's key and its id, as sealed values name it. */
    public record LearnerKey(UUID id, SecretKey key) {
    }

    private record Stored(UUID id, String masterKeyId, byte[] wrapped) {
    }

    private record Remembered(Optional<SecretKey> key, Instant until) {
    }

    private final JdbcClient jdbc;
    private final MasterKey master;
    private final Map<String, MasterKey> retired;
    private final Clock clock;
    private final Map<UUID, Remembered> opened = new ConcurrentHashMap<>();

    public LearnerKeys(JdbcClient jdbc, MasterKey master, Map<String, MasterKey> retired, Clock clock) {
        this.jdbc = jdbc;
        this.master = master;
        this.retired = Map.copyOf(retired);
        this.clock = clock;
    }

    /** The learner's key, made now if they have none; empty once the learner was erased. */
    public Optional<LearnerKey> forSealing(LearnerId learner) {
        Optional<Stored> stored = stored(learner);
        if (stored.isEmpty()) {
            UUID id = UUID.randomUUID();
            byte[] key = new byte[MasterKey.KEY_BYTES];
            RANDOM.nextBytes(key);
            jdbc.sql("""
                    INSERT INTO learner_key (key_id, ukprn, learn_ref_number, master_key_id, wrapped_key)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (ukprn, learn_ref_number) DO NOTHING""")
                    .params(id, learner.ukprn().value(), learner.learnRefNumber().value(), master.id(),
                            master.wrap(key, id.toString()))
                    .update();
            stored = stored(learner);
        }
        return stored.filter(s -> s.wrapped() != null).map(s -> new LearnerKey(s.id(), unwrap(s)));
    }

    /**
     * The key sealed values name by {@code keyId}; empty once its learner was erased. A key id this
     * store never held is an error, not an erasure: the values were sealed elsewhere, or the row was
     * deleted behind the ledger's back.
     */
    public Optional<SecretKey> forOpening(UUID keyId) {
        Instant now = clock.instant();
        Remembered remembered = opened.get(keyId);
        if (remembered != null && remembered.until().isAfter(now)) {
            return remembered.key();
        }
        Stored stored = jdbc.sql("SELECT key_id, master_key_id, wrapped_key FROM learner_key WHERE key_id = ?")
                .param(keyId)
                .query((rs, row) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)))
                .optional()
                .orElseThrow(() -> new IllegalStateException("learner key " + keyId + " is not in learner_key: "
                        + "personal fields sealed with it can be neither opened nor shown as erased"));
        Optional<SecretKey> key = stored.wrapped() == null ? Optional.empty() : Optional.of(unwrap(stored));
        if (opened.size() >= MAX_REMEMBERED) {
            opened.clear();
        }
        opened.put(keyId, new Remembered(key, now.plus(REMEMBERED)));
        return key;
    }

    /**
     * Reads the keys of {@code learners} not remembered yet with one query and remembers them, so that
     * opening a batch of their events asks the database once rather than once per learner.
     */
    public void remember(Collection<LearnerId> learners) {
        if (learners.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Stored> stored = jdbc.sql("""
                        SELECT key_id, master_key_id, wrapped_key FROM learner_key
                        WHERE (ukprn, learn_ref_number) IN
                            (SELECT * FROM unnest(CAST(? AS integer[]), CAST(? AS text[])))""")
                .params(learners.stream().map(l -> l.ukprn().value()).toArray(Integer[]::new),
                        learners.stream().map(l -> l.learnRefNumber().value()).toArray(String[]::new))
                .query((rs, row) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)))
                .list();
        if (opened.size() + stored.size() > MAX_REMEMBERED) {
            opened.clear();
        }
        for (Stored key : stored) {
            Remembered remembered = opened.get(key.id());
            if (remembered == null || !remembered.until().isAfter(now)) {
                opened.put(key.id(), new Remembered(key.wrapped() == null ? Optional.empty() : Optional.of(unwrap(key)),
                        now.plus(REMEMBERED)));
            }
        }
    }

    /** Whether the learner was erased (false for a learner who has no key yet). */
    public boolean erased(LearnerId learner) {
        return stored(learner).map(s -> s.wrapped() == null).orElse(false);
    }

    /**
     * Drops the learner's key for good, in the caller's transaction. A learner with no key yet (only
     * events stored before personal fields were sealed) gets an erased one, so nothing new is sealed
     * for them and their old plain values read as erased.
     */
    public void erase(LearnerId learner, String erasedBy) {
        jdbc.sql("""
                INSERT INTO learner_key (key_id, ukprn, learn_ref_number, master_key_id, wrapped_key, erased_at, erased_by)
                VALUES (?, ?, ?, NULL, NULL, ?, ?)
                ON CONFLICT (ukprn, learn_ref_number) DO UPDATE
                SET wrapped_key = NULL, master_key_id = NULL,
                    erased_at = COALESCE(learner_key.erased_at, EXCLUDED.erased_at),
                    erased_by = COALESCE(learner_key.erased_by, EXCLUDED.erased_by)""")
                .params(UUID.randomUUID(), learner.ukprn().value(), learner.learnRefNumber().value(),
                        java.sql.Timestamp.from(clock.instant()), erasedBy)
                .update();
        stored(learner).ifPresent(s -> opened.remove(s.id()));
    }

    private Optional<Stored> stored(LearnerId learner) {
        return jdbc.sql("""
                SELECT key_id, master_key_id, wrapped_key FROM learner_key
                WHERE ukprn = ? AND learn_ref_number = ?""")
                .params(learner.ukprn().value(), learner.learnRefNumber().value())
                .query((rs, row) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)))
                .optional();
    }

    private SecretKey unwrap(Stored stored) {
        MasterKey wrapping = master.id().equals(stored.masterKeyId()) ? master : retired.get(stored.masterKeyId());
        if (wrapping == null) {
            throw new IllegalStateException("learner key " + stored.id() + " is wrapped with master key "
                    + stored.masterKeyId() + ", which is neither ilr-ledger.erasure.master-key nor a retired one");
        }
        return wrapping.unwrap(stored.wrapped(), stored.id().toString());
    }
}
