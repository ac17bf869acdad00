package uk.ilrledger.app.processors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Instances on one event store share each tracking processor's segments. Axon lets the first instance
 * to start claim every segment it has threads for, and never hands one over; here each instance says
 * it is alive by holding a PostgreSQL advisory lock for as long as it runs (a session lock: an instance
 * killed outright loses it with its connection), counts the live instances by those locks, and every
 * {@code claim-interval} releases the segments it holds beyond its share (the segments over the
 * instances, rounded up) for the others to claim. An instance that dies leaves its segments to the
 * others once their claims time out; an instance that stops releases them at once.
 */
@Component
public class SegmentShares implements SmartLifecycle {

    /** The advisory locks' first key ("ILR"): the second is the instance's own. */
    static final int PRESENCE_LOCK = 0x494C52;
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
                shares.add(new Share(name, count, held, count / instances, caughtUp));
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

    private void tick() {
        try {
            keepPresence();
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
