package uk.ilrledger.app.chain;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import uk.ilrledger.command.chain.ChainCheckpoints;

/**
 * Writes the first checkpoint before the service takes its first command (it fixes which plain
 * SHA-256 links predate the key), then one every interval in which something was appended.
 */
class ChainAnchoring implements InitializingBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChainAnchoring.class);

    private final ChainCheckpoints checkpoints;
    private final Duration interval;
    private ScheduledExecutorService schedule;

    ChainAnchoring(ChainCheckpoints checkpoints, Duration interval) {
        this.checkpoints = checkpoints;
        this.interval = interval;
    }

    @Override
    public void afterPropertiesSet() {
        checkpoints.writeFirstIfNone().ifPresent(w -> log.info("first chain checkpoint written: {} learners, {}",
                w.learners(), w.file()));
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative() || schedule != null) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chain-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::checkpoint, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkpoint() {
        try {
            checkpoints.write().ifPresent(w -> log.debug("chain checkpoint {}: {} learners up to position {}",
                    w.number(), w.learners(), w.position()));
        } catch (RuntimeException e) {
            // Tried again next interval; until then truncation is detectable only up to the last checkpoint.
            log.warn("chain checkpoint not written: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (schedule == null) {
            return;
        }
        schedule.shutdown();
        try {
            // A checkpoint being written is staged under a temporary name: waiting only spares a leftover file.
            schedule.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        schedule = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return schedule != null;
    }
}
