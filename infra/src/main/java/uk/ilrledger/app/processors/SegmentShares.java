package uk.ilrledger.app.processors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.app.axon.ProcessorSegments;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * Instances on one event store share each tracking processor's segments. Axon lets the first instance
 * to start claim every segment it has threads for, and never hands one over; here each instance says
 * it is alive by holding a PostgreSQL advisory lock for as long as it runs (a session lock: an instance
 * killed outright loses it with its connection), counts the live instances by those locks, and every
 * {@code claim-interval} releases the segments it holds beyond its share (the segments over the
 * instances, rounded up) for the others to claim. An instance that dies leaves its segments to the
 * others once their claims time out; an instance that stops releases them at once.
 *
 * <p>A rebuild of projections on one instance {@link #pauseElsewhere pauses} their processors on every
 * other: it holds a second advisory lock per processor, and every other instance, at its next look,
 * stops those processors (releasing their segments, which the rebuilding instance then claims) and
 * starts them again once the lock is gone: the rebuild has swapped its tables in, failed, or died
 * with its instance.
 */
@Component
public class SegmentShares implements SmartLifecycle {

    /** The advisory locks' first key ("ILR"): the second is the instance's own. */
    static final int PRESENCE_LOCK = 0x494C52;
    /** The advisory locks' first key ("ILS") for a processor paused by a rebuild; the second is its name's hash. */
    static final int PAUSE_LOCK = 0x494C53;
    private static final Logger LOG = LoggerFactory.getLogger(SegmentShares.class);

    /** Where one tracking processor stands on this instance. */
    public record Share(String processor, int segments, List<Integer> held, int share, boolean caughtUp) {
        /** This instance holds at least its share of the processor's segments (rounded down). */
        public boolean claimed() {
            return held.size() >= share;
        }
    }

    private final DataSource dataSource;
    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;
    private final ProcessorSegments settings;
    private ScheduledExecutorService balancer;
    private Connection presence;
    private int presenceKey;
    private volatile boolean running;
    /** Processors a rebuild on this instance pauses on the others. */
    private final Set<String> pausingHere = ConcurrentHashMap.newKeySet();
    /** Processors this instance stopped because a rebuild on another pauses them. */
    private final Set<String> pausedHere = ConcurrentHashMap.newKeySet();
    /** Held while this instance takes or lets go of pause locks, and while it reads the others'. */
    private final Object pauses = new Object();

    /** A cluster-wide pause of some processors, held until closed (or until this instance dies). */
    public interface Pause extends AutoCloseable {
        @Override
        void close();
    }

    public SegmentShares(DataSource dataSource, EventProcessingConfiguration processing, JdbcClient jdbc,
            Environment environment) {
        this.dataSource = dataSource;
        this.processing = processing;
        this.jdbc = jdbc;
        this.settings = ProcessorSegments.from(environment);
    }

    /** The instances alive on this database, this one included. */
    public int instances() {
        return Math.max(1, jdbc.sql("""
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
                  AND classid::bigint = ? AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")
                .param(PRESENCE_LOCK)
                .query(Integer.class).single());
    }

    /** Every tracking processor's segments, those this instance holds, and its share of them. */
    public List<Share> shares() {
        int instances = instances();
        Map<String, Integer> segments = new LinkedHashMap<>();
        jdbc.sql("SELECT processor_name, count(*) FROM token_entry GROUP BY processor_name")
                .query((row, i) -> segments.put(row.getString(1), row.getInt(2)))
                .list();
        List<Share> shares = new ArrayList<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof TrackingEventProcessor tracking) {
                Map<Integer, EventTrackerStatus> status = tracking.processingStatus();
                List<Integer> held = status.keySet().stream().sorted().toList();
                int count = Math.max(segments.getOrDefault(name, 0), held.size());
                boolean caughtUp = !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
                // Paused while another instance rebuilds it, a processor's share here is none.
                int share = pausedHere.contains(name) ? 0 : count / instances;
                shares.add(new Share(name, count, held, share, caughtUp));
            }
        });
        return shares;
    }

    /** Releases, per processor, the segments this instance holds beyond its share, highest first. */
    void balance() {
        int instances = instances();
        if (instances < 2) {
            return;
        }
        for (Share share : shares()) {
            if (pausingHere.contains(share.processor()) || pausedHere.contains(share.processor())) {
                continue;
            }
            int fair = (share.segments() + instances - 1) / instances;
            List<Integer> extra = share.held().subList(Math.min(fair, share.held().size()), share.held().size());
            processing.eventProcessor(share.processor(), TrackingEventProcessor.class).ifPresent(tracking -> {
                for (int segment : extra) {
                    LOG.info("{}: releasing segment {} to another of {} instances (holding {} of {})",
                            share.processor(), segment, instances, share.held().size(), share.segments());
                    // Long enough for another instance's next look for a free segment.
                    tracking.releaseSegment(segment, settings.claimInterval().toMillis() * 3, TimeUnit.MILLISECONDS);
                }
            });
        }
    }

    /** {@link #pauseElsewhere(List, Duration)}, waiting as long as a killed instance's claims may last, and some. */
    public Pause pauseElsewhere(List<String> processors) {
        return pauseElsewhere(processors, settings.claimTimeout().plus(settings.claimInterval().multipliedBy(5)));
    }

    /**
     * Pauses the named processors on every other instance and waits until this one holds all their
     * segments, so that a rebuild may move every segment's token; answers 409 if another instance is
     * rebuilding one of them already, or if other instances still hold segments after {@code wait}.
     */
    public Pause pauseElsewhere(List<String> processors, Duration wait) {
        Pause pause = pause(processors);
        try {
            LOG.info("{}: paused on the other instances; waiting to hold every segment here", processors);
            Instant deadline = Instant.now().plus(wait);
            while (true) {
                Map<String, Set<String>> elsewhere = heldElsewhere(processors);
                if (elsewhere.isEmpty()) {
                    return pause;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw DomainProblem.conflict("projection", "other instances still hold segments of "
                            + elsewhere.keySet() + " after " + wait.toSeconds() + " s: " + elsewhere);
                }
                Thread.sleep(200);
            }
        } catch (RuntimeException | InterruptedException e) {
            pause.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pausing " + processors, e);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Pauses the named processors on every other instance until the answer is closed, and answers at
     * once: each instance stops them at its next look ({@code claim-interval}), which releases their
     * segments, and starts them again at its first look after the close. 409 if another instance holds
     * the pause of one of them already.
     */
    public Pause pause(List<String> processors) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot pause the processors on the other instances", e);
        }
        List<String> taken = new ArrayList<>();
        Pause pause = () -> {
            // Under the same monitor as followPauses, so this instance never sees its own pause lock as
            // another instance's (which would stop the processor it is rebuilding).
            synchronized (pauses) {
                for (String processor : taken) {
                    advisory(connection, "SELECT pg_advisory_unlock(?, ?)", processor);
                }
                pausingHere.removeAll(taken);
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the pause connection", e);
            }
            LOG.info("{}: resumed on every instance", taken);
        };
        try {
            synchronized (pauses) {
                for (String processor : processors) {
                    if (!advisory(connection, "SELECT pg_try_advisory_lock(?, ?)", processor)) {
                        throw DomainProblem.conflict("projection", processor + " is being rebuilt on another instance");
                    }
                    taken.add(processor);
                    pausingHere.add(processor);
                }
            }
            return pause;
        } catch (RuntimeException e) {
            pause.close();
            throw e;
        }
    }

    /** Per processor, the owners of the segments this instance does not hold (another instance, or none yet). */
    private Map<String, Set<String>> heldElsewhere(List<String> processors) {
        Map<String, Set<String>> elsewhere = new LinkedHashMap<>();
        for (String processor : processors) {
            processing.eventProcessor(processor, TrackingEventProcessor.class).ifPresent(tracking -> {
                Set<Integer> here = tracking.processingStatus().keySet();
                jdbc.sql("SELECT segment, owner FROM token_entry WHERE processor_name = ? ORDER BY segment")
                        .param(processor)
                        .query((row, i) -> {
                            if (!here.contains(row.getInt(1))) {
                                String owner = row.getString(2);
                                elsewhere.computeIfAbsent(processor, p -> new TreeSet<>())
                                        .add(owner == null ? "segment " + row.getInt(1) + " unclaimed" : owner);
                            }
                            return 0;
                        }).list();
            });
        }
        return elsewhere;
    }

    /** Stops the processors a rebuild on another instance pauses; starts again those it no longer does. */
    private void followPauses() {
        synchronized (pauses) {
            followPausesNow();
        }
    }

    private void followPausesNow() {
        List<Long> keys = jdbc.sql("""
                SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
                  AND classid::bigint = ? AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")
                .param(PAUSE_LOCK)
                .query(Long.class).list();
        processing.eventProcessors().forEach((name, processor) -> {
            if (!(processor instanceof TrackingEventProcessor tracking) || pausingHere.contains(name)) {
                return;
            }
            boolean paused = keys.contains(Integer.toUnsignedLong(name.hashCode()));
            if (paused && pausedHere.add(name)) {
                LOG.info("{}: paused while another instance rebuilds it; releasing its segments", name);
                tracking.shutDown();
            } else if (!paused && pausedHere.remove(name)) {
                LOG.info("{}: resumed after another instance's rebuild", name);
                tracking.start();
            }
        });
    }

    private static boolean advisory(Connection connection, String sql, String processor) {
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setInt(1, PAUSE_LOCK);
            lock.setInt(2, processor.hashCode());
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        } catch (SQLException e) {
            // A broken connection has lost its locks with its session.
            LOG.debug("advisory lock on {}", processor, e);
            return false;
        }
    }

    private void tick() {
        try {
            keepPresence();
            followPauses();
            balance();
        } catch (RuntimeException | SQLException e) {
            // The next tick tries again; meanwhile this instance keeps what it holds.
            LOG.warn("could not share the processors' segments: {}", e.toString());
        }
    }

    /** Holds this instance's advisory lock, taking it again on a new connection if the old one broke. */
    private synchronized void keepPresence() throws SQLException {
        if (presence != null && presence.isValid(2)) {
            return;
        }
        closePresence();
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        while (true) {
            int key = ThreadLocalRandom.current().nextInt();
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, PRESENCE_LOCK);
                lock.setInt(2, key);
                try (ResultSet result = lock.executeQuery()) {
                    result.next();
                    if (result.getBoolean(1)) {
                        presence = connection;
                        presenceKey = key;
                        return;
                    }
                }
            }
        }
    }

    /**
     * Gives up the lock, then the connection: the pool keeps the session open, and a session lock
     * would outlive the instance's announcement.
     */
    private synchronized void closePresence() {
        if (presence != null) {
            try (PreparedStatement unlock = presence.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                unlock.setInt(1, PRESENCE_LOCK);
                unlock.setInt(2, presenceKey);
                unlock.execute();
            } catch (SQLException e) {
                LOG.debug("releasing the presence lock (a broken connection has lost it already)", e);
            }
            try {
                presence.close();
            } catch (SQLException e) {
                LOG.debug("closing the presence connection", e);
            }
            presence = null;
        }
    }

    @Override
    public void start() {
        try {
            keepPresence();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot announce this instance on the database", e);
        }
        balancer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "segment-shares");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.claimInterval().toMillis();
        balancer.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (balancer != null) {
            balancer.shutdownNow();
        }
        closePresence();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Announced among the last beans to start; withdrawn among the first to stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
