package uk.ilrledger.query.returns;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.processors.ProcessorsBehind;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Builds the return due next of each provider ahead of its first view, so that nobody waits while a
 * large provider's return is built whole: once the read models have caught up after a start, then
 * again every {@code ilr-ledger.returns.prepare-ahead-interval}, which also rebuilds it after a new
 * day (a new preparation date) or an import (too many learners changed to bring it up to date one by
 * one), and moves on to the next return when a cut-off passes. One provider at a time, on one
 * low-priority daemon thread, through {@link CachedReturns}: a request for a return being built waits
 * for that build and brings it up to date as usual. Only the largest providers, up to half the
 * returns kept, so that the other periods and diffs users open still find room. Only in an instance
 * that serves requests; {@code ilr-ledger.returns.prepare-ahead=false} turns it off.
 */
@Component
public class ReturnsPreparedAhead implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReturnsPreparedAhead.class);
    /** How long to wait before looking again when the read models are behind. */
    private static final Duration BEHIND = Duration.ofSeconds(1);

    /** One return prepared: whether it was built whole (else it was kept and brought up to date). */
    public record Prepared(int ukprn, String year, String period, int learners, boolean builtWhole) {
    }

    private final CachedReturns cached;
    private final ReturnsCalendar calendar;
    private final ProcessorsCaughtUp caughtUp;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean enabled;
    private final Duration interval;
    private final AtomicLong passes = new AtomicLong();
    private volatile Thread thread;

    public ReturnsPreparedAhead(CachedReturns cached, ReturnsCalendar calendar, ProcessorsCaughtUp caughtUp,
            JdbcClient jdbc, Clock clock, @Value("${ilr-ledger.returns.prepare-ahead:true}") boolean enabled,
            @Value("${ilr-ledger.returns.prepare-ahead-interval:1m}") Duration interval) {
        this.cached = cached;
        this.calendar = calendar;
        this.caughtUp = caughtUp;
        this.jdbc = jdbc;
        this.clock = clock;
        this.enabled = enabled;
        this.interval = interval;
    }

    @EventListener
    public void started(ApplicationReadyEvent ready) {
        if (!enabled || !(ready.getApplicationContext() instanceof WebServerApplicationContext)) {
            return; // turned off, or a command run from the command line
        }
        Thread preparing = new Thread(this::run, "returns-prepared-ahead");
        preparing.setDaemon(true);
        preparing.setPriority(Thread.MIN_PRIORITY);
        thread = preparing;
        preparing.start();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Duration next = interval;
            try {
                prepare();
            } catch (ProcessorsBehind behind) {
                // Not caught up yet (after a start, a rebuild): look again soon; stuck on a failure: as requests are told.
                next = behind.failing() ? behind.retryAfter() : BEHIND;
            } catch (RuntimeException failure) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                log.warn("could not prepare the returns due next ahead of their first view; trying again in {}",
                        interval, failure);
            }
            try {
                Thread.sleep(next.toMillis());
            } catch (InterruptedException stopping) {
                return;
            }
        }
    }

    /**
     * One pass, in the calling thread: waits for the read models a return is read from, then builds (or
     * brings up to date) the return due next of each of the largest providers, one after the other.
     *
     * @throws ProcessorsBehind when the read models do not catch up within the usual wait
     */
    public List<Prepared> prepare() {
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        Optional<ReturnsCalendar.Due> due = calendar.dueNext(ZonedDateTime.now(clock));
        List<Prepared> prepared = new ArrayList<>();
        if (due.isPresent()) {
            for (int ukprn : largestProviders(CachedReturns.keptAtMost() / 2)) {
                long start = System.nanoTime();
                long builds = cached.wholeBuilds();
                ReturnSnapshot snapshot = cached.prepare(new Ukprn(ukprn), due.get().year(), due.get().period(),
                        storePosition);
                boolean whole = cached.wholeBuilds() > builds;
                if (whole) {
                    log.info("prepared return {} {} of UKPRN {} ahead of its first view: {} learners in {} ms",
                            due.get().year(), due.get().period(), ukprn, snapshot.learners().size(),
                            (System.nanoTime() - start) / 1_000_000);
                }
                prepared.add(new Prepared(ukprn, due.get().year().code(), due.get().period().code(),
                        snapshot.learners().size(), whole));
            }
        }
        passes.incrementAndGet();
        return prepared;
    }

    /** How many passes have finished since the start (by the background thread or {@link #prepare()}). */
    public long passes() {
        return passes.get();
    }

    /** The providers with the most learners, most first. */
    private List<Integer> largestProviders(int limit) {
        return jdbc.sql("SELECT ukprn FROM current_ilr_learner GROUP BY ukprn ORDER BY count(*) DESC, ukprn LIMIT ?")
                .param(limit).query(Integer.class).list();
    }

    @Override
    public void destroy() {
        Thread preparing = thread;
        if (preparing != null) {
            preparing.interrupt();
        }
    }
}
