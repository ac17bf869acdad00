package uk.ilrledger.query.returns;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.processors.ProcessorsBehind;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Returns as now built whole off the request, for the return screen: a view of a return that is not
 * kept starts its build here and waits only a moment for it, so that the page can say the return is
 * being prepared rather than keep the user waiting for seconds. One build per UKPRN, year and period:
 * a view arriving while that return is being built joins the build under way. The builds go through
 * {@link CachedReturns} itself (whose own sharing of whole builds also joins a build a request or
 * {@link ReturnsPreparedAhead} already started), on a small pool of low-priority daemon threads with a
 * bounded queue. A build that failed is told to the next view of that return, which then asks again.
 */
@Component
public class ReturnsInBackground implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReturnsInBackground.class);

    /** Returns built at once; the others wait in the queue. */
    static final int BUILDING = 2;
    /** Returns waiting for a thread at most: with those being built, as many as are kept. */
    static final int QUEUED = CachedReturns.keptAtMost() - BUILDING;

    private final CachedReturns cached;
    private final ProcessorsCaughtUp caughtUp;
    private final ThreadPoolExecutor builds = new ThreadPoolExecutor(BUILDING, BUILDING, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED), work -> {
                Thread thread = new Thread(work, "return-in-background");
                thread.setDaemon(true);
                thread.setPriority(Thread.MIN_PRIORITY);
                return thread;
            });
    /** Builds started and not yet seen through: under way, or failed and not yet told to a view. */
    private final ConcurrentMap<Key, CompletableFuture<Void>> preparing = new ConcurrentHashMap<>();
    private final AtomicLong started = new AtomicLong();

    public ReturnsInBackground(CachedReturns cached, ProcessorsCaughtUp caughtUp) {
        this.cached = cached;
        this.caughtUp = caughtUp;
    }

    private record Key(int ukprn, String year, String period) {
        static Key of(Ukprn ukprn, CollectionYear year, ReturnPeriod period) {
            return new Key(ukprn.value(), year.code(), period.code());
        }
    }

    /** Too many returns are being built or waiting to be: the view should come back a little later. */
    public static final class Busy extends RuntimeException {
        public Busy() {
            super("Too many returns are being prepared at once; try again in a few seconds.");
        }
    }

    /**
     * Whether the return as now of (UKPRN, year, period) can be read without building it whole here: true
     * when it is kept, or when its build (started now, or joined if under way) finished within {@code wait};
     * false while it is still being built. A zero wait never waits: a return not kept is then always still
     * being built. Waits first for the read models, as a read of the return does.
     *
     * @throws ProcessorsBehind when the read models the return is read from are behind or stuck
     * @throws Busy when too many returns are being built to start another
     * @throws RuntimeException the failure of this return's build, told once: the next view starts it again
     */
    public boolean ready(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Duration wait) {
        Key key = Key.of(ukprn, year, period);
        if (cached.keeps(ukprn, year, period)) {
            forgetFailure(key);
            return true;
        }
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        CompletableFuture<Void> build = preparing.get(key);
        if (build == null) {
            build = start(key, ukprn, year, period, storePosition);
        }
        if (build.isCompletedExceptionally()) {
            throw told(key, build);
        }
        if (wait.isZero() || wait.isNegative()) {
            return false;
        }
        try {
            build.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException stillBuilding) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the return", e);
        } catch (ExecutionException failed) {
            throw told(key, build);
        }
    }

    /** Whether a build of the return as now of (UKPRN, year, period) started by a view is still under way. */
    public boolean building(Ukprn ukprn, CollectionYear year, ReturnPeriod period) {
        CompletableFuture<Void> build = preparing.get(Key.of(ukprn, year, period));
        return build != null && !build.isDone();
    }

    /** How many builds views have started since the start (a view that joined one under way started none). */
    public long started() {
        return started.get();
    }

    private CompletableFuture<Void> start(Key key, Ukprn ukprn, CollectionYear year, ReturnPeriod period,
            long storePosition) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> underWay = preparing.putIfAbsent(key, mine);
        if (underWay != null) {
            return underWay;
        }
        try {
            builds.execute(() -> build(key, mine, ukprn, year, period, storePosition));
        } catch (RejectedExecutionException full) {
            Busy busy = new Busy();
            preparing.remove(key, mine);
            mine.completeExceptionally(busy); // a view that joined it meanwhile is told the same
            throw busy;
        }
        started.incrementAndGet();
        return mine;
    }

    private void build(Key key, CompletableFuture<Void> mine, Ukprn ukprn, CollectionYear year, ReturnPeriod period,
            long storePosition) {
        long start = System.nanoTime();
        try {
            cached.prepare(ukprn, year, period, storePosition);
        } catch (RuntimeException | Error failure) {
            log.warn("could not build return {} {} of UKPRN {} for its first view", year, period, ukprn, failure);
            mine.completeExceptionally(failure); // kept until a view of the return is told
            if (failure instanceof Error error) {
                throw error;
            }
            return;
        }
        // Forgotten before it is told, so a view woken by it finds the return kept and none under way.
        preparing.remove(key, mine);
        mine.complete(null);
        log.info("built return {} {} of UKPRN {} for its first view in {} ms", year, period, ukprn,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The failure of a build, forgotten once told, so the next view builds the return again. */
    private RuntimeException told(Key key, CompletableFuture<Void> build) {
        preparing.remove(key, build);
        Throwable failure;
        try {
            build.join();
            return new IllegalStateException("the return's build did not fail");
        } catch (CompletionException e) {
            failure = e.getCause();
        } catch (CancellationException e) {
            failure = e;
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("cannot build the return", failure);
    }

    private void forgetFailure(Key key) {
        preparing.computeIfPresent(key, (k, build) -> build.isCompletedExceptionally() ? null : build);
    }

    @Override
    public void destroy() {
        builds.shutdownNow();
    }
}
