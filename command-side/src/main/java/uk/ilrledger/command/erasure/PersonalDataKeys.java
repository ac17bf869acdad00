package uk.ilrledger.command.erasure;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
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
public class PersonalDataKeys {

    /** How long an instance keeps an opened key before reading it again (so an erasure elsewhere shows). */
    static final Duration REMEMBERED = Duration.ofSeconds(30);
    private static final int MAX_REMEMBERED = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREPARED = PersonalDataKeys.class.getName() + ".prepared";
    /** Keys a unit of work's thread lent to this one ({@link #lend}). */
    private static final ThreadLocal<Map<LearnerId, Optional<LearnerKey>>> LENT = new ThreadLocal<>();

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
    /** Which key is each remembered learner's: a learner's key id never changes, an erasure empties the key in place. */
    private final Map<LearnerId, UUID> keyIds = new ConcurrentHashMap<>();

    public PersonalDataKeys(JdbcClient jdbc, MasterKey master, Map<String, MasterKey> retired, Clock clock) {
        this.jdbc = jdbc;
        this.master = master;
        this.retired = Map.copyOf(retired);
        this.clock = clock;
    }

    /** The learner's key, made now if they have none; empty once the learner was erased. */
    public Optional<LearnerKey> forSealing(LearnerId learner) {
        Map<LearnerId, Optional<LearnerKey>> prepared = prepared();
        Optional<LearnerKey> known = prepared == null ? null : prepared.get(learner);
        if (known != null) {
            return known;
        }
        if (LENT.get() != null) {
            throw new IllegalStateException("learner " + learner.asString() + "'s key was not lent to this thread");
        }
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
     * Makes the keys of those of {@code learners} who have none, as {@link #forSealing} would one by one,
     * with one statement, and holds every one of their keys for the rest of the current unit of work, so
     * that sealing their events asks nothing more of the database. An import registering thousands of
     * learners otherwise spent most of its time on three statements per learner.
     *
     * <p>Call it in the unit of work whose commit appends the learners' events, inside the transaction
     * that commits them: the keys are made in that transaction, so a rollback takes them with it. A key
     * made for a learner the unit of work then records nothing of stays unused, as the key of a learner
     * whose registration was refused would.
     */
    public void prepareForSealing(Collection<LearnerId> learners) {
        if (learners.isEmpty() || !CurrentUnitOfWork.isStarted()) {
            return;
        }
        // Keys are made for every learner at once; the insert returns those it stored, so only a learner
        // that already had a key (or was given one meanwhile) costs a read.
        List<LearnerId> wanted = learners.stream().distinct().toList();
        Map<LearnerId, Stored> stored = new HashMap<>(wanted.size() * 2);
        Map<UUID, SecretKey> made = new HashMap<>();
        String[] ids = new String[wanted.size()];
        byte[][] wrapped = new byte[wanted.size()][];
        for (int i = 0; i < ids.length; i++) {
            UUID id = UUID.randomUUID();
            byte[] key = new byte[MasterKey.KEY_BYTES];
            RANDOM.nextBytes(key);
            made.put(id, new SecretKeySpec(key, "AES"));
            ids[i] = id.toString();
            wrapped[i] = master.wrap(key, ids[i]);
        }
        jdbc.sql("""
                INSERT INTO learner_key (key_id, ukprn, learn_ref_number, master_key_id, wrapped_key)
                SELECT CAST(id AS uuid), ukprn, learn_ref_number, ?, wrapped
                FROM unnest(CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS bytea[]))
                    AS made (id, ukprn, learn_ref_number, wrapped)
                ON CONFLICT (ukprn, learn_ref_number) DO NOTHING
                RETURNING ukprn, learn_ref_number, key_id, master_key_id, wrapped_key""")
                .params(master.id(), ids, wanted.stream().map(l -> l.ukprn().value()).toArray(Integer[]::new),
                        wanted.stream().map(l -> l.learnRefNumber().value()).toArray(String[]::new), wrapped)
                .query(rs -> {
                    stored.put(LearnerId.of(rs.getInt(1), rs.getString(2)),
                            new Stored(rs.getObject(3, UUID.class), rs.getString(4), rs.getBytes(5)));
                });
        if (stored.size() < wanted.size()) {
            stored.putAll(storedFor(wanted.stream().filter(learner -> !stored.containsKey(learner)).toList()));
        }
        Map<LearnerId, Optional<LearnerKey>> prepared = new HashMap<>(stored.size() * 2);
        stored.forEach((learner, row) -> prepared.put(learner, row.wrapped() == null ? Optional.empty()
                : Optional.of(new LearnerKey(row.id(), made.containsKey(row.id()) ? made.get(row.id()) : unwrap(row)))));
        Map<LearnerId, Optional<LearnerKey>> held = prepared();
        if (held != null) {
            held.putAll(prepared);
        } else {
            CurrentUnitOfWork.get().root().resources().put(PREPARED, prepared);
        }
    }

    /** The keys {@link #prepareForSealing} holds for the current unit of work, or lent to this thread; or null. */
    private static Map<LearnerId, Optional<LearnerKey>> prepared() {
        Map<LearnerId, Optional<LearnerKey>> lent = LENT.get();
        if (lent != null) {
            return lent;
        }
        return CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getResource(PREPARED) : null;
    }

    /**
     * The keys {@link #prepareForSealing} holds for the current unit of work, lent to another thread so
     * that it can seal those learners' events ahead of the append; empty when none are held. The map
     * is never changed once held, so it is read from both threads without a lock.
     */
    public static Optional<Lent> lend() {
        Map<LearnerId, Optional<LearnerKey>> held = prepared();
        return held == null ? Optional.empty() : Optional.of(new Lent(held));
    }

    /** Keys lent to a thread that seals events but must never touch the database (it is outside the transaction). */
    public static final class Lent {
        private final Map<LearnerId, Optional<LearnerKey>> keys;

        private Lent(Map<LearnerId, Optional<LearnerKey>> keys) {
            this.keys = keys;
        }

        /** Whether the learner's key is among them: only then may their events be sealed with them. */
        public boolean covers(LearnerId learner) {
            return keys.containsKey(learner);
        }

        /** Runs {@code sealing} on this thread with these keys; a learner they do not cover is refused. */
        public void sealWith(Runnable sealing) {
            LENT.set(keys);
            try {
                sealing.run();
            } finally {
                LENT.remove();
            }
        }
    }

    /** The stored keys of these learners, read with one query. */
    private Map<LearnerId, Stored> storedFor(Collection<LearnerId> learners) {
        Map<LearnerId, Stored> found = new HashMap<>(learners.size() * 2);
        jdbc.sql("""
                        SELECT ukprn, learn_ref_number, key_id, master_key_id, wrapped_key FROM learner_key
                        WHERE (ukprn, learn_ref_number) IN (SELECT * FROM unnest(CAST(? AS integer[]), CAST(? AS text[])))""")
                .params(learners.stream().map(l -> l.ukprn().value()).toArray(Integer[]::new),
                        learners.stream().map(l -> l.learnRefNumber().value()).toArray(String[]::new))
                .query(rs -> {
                    found.put(LearnerId.of(rs.getInt(1), rs.getString(2)),
                            new Stored(rs.getObject(3, UUID.class), rs.getString(4), rs.getBytes(5)));
                });
        return found;
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
     * Reads the keys of these learners with one query and remembers them as {@link #forOpening} does, so a
     * batch of their events opens without a query per learner; a key remembered still is not unwrapped again.
     */
    public void remember(Collection<LearnerId> learners) {
        Instant now = clock.instant();
        // Several processors take the same batch of events: the first to ask reads the keys, the others find them.
        List<LearnerId> unknown = learners.stream().filter(learner -> !remembered(learner, now)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        Map<LearnerId, Stored> rows = storedFor(unknown);
        if (opened.size() + rows.size() > MAX_REMEMBERED) {
            opened.clear();
            keyIds.clear();
        }
        rows.forEach((learner, stored) -> {
            Remembered remembered = opened.get(stored.id());
            if (remembered == null || !remembered.until().isAfter(now)) {
                Optional<SecretKey> key = stored.wrapped() == null ? Optional.empty() : Optional.of(unwrap(stored));
                opened.put(stored.id(), new Remembered(key, now.plus(REMEMBERED)));
            }
            keyIds.put(learner, stored.id());
        });
    }

    /** Whether the learner's key is remembered and not yet due to be read again. */
    private boolean remembered(LearnerId learner, Instant now) {
        UUID id = keyIds.get(learner);
        Remembered remembered = id == null ? null : opened.get(id);
        return remembered != null && remembered.until().isAfter(now);
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
