package uk.ilrledger.command.learner;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The learner aggregates commands were handled on recently, so the next command on a learner needs
 * no read of its events (decision 35). Axon's caching repository asks it for an aggregate before it
 * reads the store and offers it the aggregate when a command's events are appended; this cache adds
 * what several instances on one database and a multi-command transaction (an import) need:
 *
 * <ul>
 *   <li>An aggregate is offered before its transaction commits; it is kept only once it has (Spring's
 *       after-commit), so an entry is always a state the store holds.</li>
 *   <li>A learner whose transaction rolls back is forgotten (Axon changes a cached aggregate in place).</li>
 *   <li>While one transaction works on a cached learner, any other transaction is told nothing is
 *       cached and reads the store, never another's uncommitted state.</li>
 *   <li>An entry another instance has since appended to is stale and never used: before an entry
 *       is handed out, the store's last sequence number for the learner (one read of the event
 *       table's unique index) must be the entry's version, or the entry is dropped and the store
 *       read. Without that check a stale entry would answer a command from an old state (a change
 *       the other instance raised would be "not found"). Should another instance append between the
 *       check and this command's append, the store's unique (aggregate, sequence number) refuses
 *       this one as a conflict (409) and the rollback forgets the entry.</li>
 *   <li>An erased learner is not kept ({@link #forget}): what the aggregate remembers of its changes
 *       should not outlive the key that sealed it.</li>
 * </ul>
 *
 * Bounded: at most {@code capacity} learners, the least recently used leaving first, and none kept
 * longer than {@code idle} unused.
 */
public final class LearnerCache implements Cache {

    /** What a transaction did with the cache, settled when it completes. */
    private final class Pending implements TransactionSynchronization {
        private final Map<Object, Object> puts = new HashMap<>();
        private final Set<Object> touched = new HashSet<>();
        private final Set<Object> dropped = new HashSet<>();
        private volatile boolean completed;

        void touch(Object key) {
            if (touched.add(key)) {
                inFlight.putIfAbsent(key, this);
            }
        }

        @Override
        public void afterCompletion(int status) {
            completed = true;
            TransactionSynchronizationManager.unbindResourceIfPossible(LearnerCache.this);
            try {
                if (status == STATUS_COMMITTED) {
                    puts.forEach((key, value) -> {
                        if (!dropped.contains(key)) {
                            entries.put(key, value);
                        }
                    });
                    dropped.forEach(entries::invalidate);
                } else {
                    touched.forEach(entries::invalidate);
                    puts.keySet().forEach(entries::invalidate);
                }
            } finally {
                touched.forEach(key -> inFlight.remove(key, this));
            }
        }
    }

    /** Axon keeps the version of a cached aggregate private; read once by reflection, and if it ever moves, nothing is trusted. */
    private static final Field VERSION = versionField();

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;
    /** The last sequence number the store holds for a learner, -1 for none. */
    private final ToLongFunction<Object> storedVersion;
    /** The learners an uncommitted transaction has taken from the cache or offered to it, with that transaction. */
    private final Map<Object, Pending> inFlight = new ConcurrentHashMap<>();

    public LearnerCache(int capacity, Duration idle, ToLongFunction<Object> storedVersion) {
        this.entries = Caffeine.newBuilder().maximumSize(capacity).expireAfterAccess(idle).build();
        this.storedVersion = storedVersion;
    }

    private static Field versionField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("version");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            return null;
        }
    }

    /** The entry if the store holds nothing newer for {@code key}; otherwise it is dropped and null returned. */
    private Object current(Object key, Object value) {
        if (value == null) {
            return null;
        }
        Long version = null;
        if (VERSION != null && value instanceof AggregateCacheEntry<?> entry) {
            try {
                version = (Long) VERSION.get(entry);
            } catch (IllegalAccessException unreadable) {
                version = null;
            }
        }
        if (version == null || version != storedVersion.applyAsLong(key)) {
            entries.invalidate(key);
            return null;
        }
        return value;
    }

    /** The current transaction's record, or null outside a transaction. */
    private Pending pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Pending pending = existing();
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return pending;
    }

    /** The current transaction's record if it has one yet (never starts one: this runs during rollbacks too). */
    private Pending existing() {
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending != null && pending.completed) {
            TransactionSynchronizationManager.unbindResourceIfPossible(this);
            return null;
        }
        return pending;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        if (key == null) {
            return null;
        }
        Pending pending = pending();
        if (pending == null) {
            return (V) current(key, entries.getIfPresent(key));
        }
        Pending holder = inFlight.get(key);
        if (holder != null && holder != pending) {
            return null; // another transaction is changing it: read what the store has committed
        }
        Object value = pending.puts.containsKey(key) ? pending.puts.get(key) : current(key, entries.getIfPresent(key));
        if (value != null) {
            pending.touch(key);
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        if (key == null || value == null) {
            return; // an aggregate a command created without recording anything has no identifier: nothing to keep
        }
        Pending pending = pending();
        if (pending == null) {
            entries.put(key, value);
            return;
        }
        pending.touch(key);
        pending.puts.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        if (containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        T held = get(key);
        if (held != null) {
            return held;
        }
        T value = valueSupplier.get();
        put(key, value);
        return value;
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        V held = get(key);
        if (held != null) {
            put(key, update.apply(held));
        }
    }

    @Override
    public boolean remove(Object key) {
        if (key == null) {
            return false;
        }
        Pending pending = existing();
        if (pending != null) {
            pending.puts.remove(key);
            pending.dropped.add(key);
        }
        boolean held = entries.getIfPresent(key) != null;
        entries.invalidate(key);
        return held;
    }

    /** Keeps nothing of {@code learnerId} once the current transaction completes, however it ends. */
    public void forget(String learnerId) {
        Pending pending = pending();
        if (pending != null) {
            pending.touch(learnerId);
            pending.dropped.add(learnerId);
        }
        entries.invalidate(learnerId);
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    /** How many learners are held (approximately, as Caffeine counts). */
    public long size() {
        return entries.estimatedSize();
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return () -> true; // nothing listens to learner entries
    }
}
