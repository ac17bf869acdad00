package uk.ilrledger.query.returns;

import java.time.Duration;
import java.util.Optional;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.processors.ProcessorsBehind;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.projections.returns.Submission;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Returns built off the request, for the return screen: a view never builds a return, whole or learner by
 * learner. A view of a return kept and current at the view's store position reads it as kept; any other
 * (not kept, kept from an earlier day, or kept from before something was recorded: an approval, an import, a
 * submission) starts here its build or bringing up to date and waits only a moment for it, so that the page
 * can say the return is being prepared rather than keep the user waiting for seconds. The other side of a
 * diff (another period, or a submitted return) is built the same way. One build per UKPRN, year and period
 * (or submission): a view arriving while it is under way joins it. The builds go through
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
    /** A build this long or longer is logged (a whole build); bringing a kept return up to date is quicker. */
    private static final Duration NOTEWORTHY = Duration.ofSeconds(1);

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

    /** A return as now ({@code of} its period) or a submitted return ({@code of} its submission's id). */
    private record Key(int ukprn, String year, String of) {
        static Key of(Ukprn ukprn, CollectionYear year, ReturnPeriod period) {
            return new Key(ukprn.value(), year.code(), period.code());
        }

        static Key of(Submission submission) {
            return new Key(submission.ukprn(), submission.year(), submission.submissionId().toString());
        }

        static Key of(Ukprn ukprn, CollectionYear year, ReturnController.Against against) {
            return against.period() != null ? of(ukprn, year, against.period()) : of(against.submission());
        }
    }

    /** Too many returns are being built or waiting to be: the view should come back a little later. */
    public static final class Busy extends RuntimeException {
        public Busy() {
            super("Too many returns are being prepared at once; try again in a few seconds.");
        }
    }

    /**
     * Waits for the read models a return is read from, as a read of the return does: the store position a
     * view reads its return and diff at.
     *
     * @throws ProcessorsBehind when those read models are behind or stuck
     */
    public long caughtUp() {
        return caughtUp.await(ReturnSnapshots.SOURCES);
    }

    /**
     * The return as now of (UKPRN, year, period), current at {@code storePosition}: as kept, or once its build
     * or bringing up to date (started now, or joined if under way) finished within {@code wait}; empty while
     * still under way. A zero wait never waits: a return not current is then always still being prepared.
     *
     * @throws Busy when too many returns are being built to start another
     * @throws RuntimeException the failure of this return's build, told once: the next view starts it again
     */
    public Optional<ReturnSnapshot> now(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long storePosition,
            Duration wait) {
        return ready(Key.of(ukprn, year, period), wait, () -> cached.current(ukprn, year, period, storePosition),
                () -> cached.prepare(ukprn, year, period, storePosition));
    }

    /**
     * One page of what changed from {@code against} to the return as now of (UKPRN, year, period), which the
     * caller found current at {@code storePosition}: the other side is read as kept, or built as
     * {@link #now} builds a return (a submitted return as it was frozen) within {@code wait}; empty while it
     * is still under way. The page itself reads only its own learners' events.
     *
     * @throws Busy when too many returns are being built to start another
     * @throws RuntimeException the failure of the other side's build, told once
     */
    public Optional<ReturnDiff.Page> diffPage(Ukprn ukprn, CollectionYear year, ReturnPeriod period,
            ReturnController.Against against, long storePosition, int number, int size, Duration wait) {
        if (other(ukprn, year, against, storePosition, wait).isEmpty()) {
            return Optional.empty();
        }
        return keptDiffPage(ukprn, year, period, against, storePosition, number, size);
    }

    /**
     * Starts (or joins) the build of the other side of a diff without waiting, so that it is under way while
     * the return itself is read or built.
     */
    public void prepareOther(Ukprn ukprn, CollectionYear year, ReturnController.Against against, long storePosition) {
        other(ukprn, year, against, storePosition, Duration.ZERO);
    }

    /** One page of the diff when both sides are kept and current, as {@link CachedReturns#keptDiffPage}; starts nothing. */
    public Optional<ReturnDiff.Page> keptDiffPage(Ukprn ukprn, CollectionYear year, ReturnPeriod period,
            ReturnController.Against against, long storePosition, int number, int size) {
        return against.period() != null
                ? cached.keptDiffPage(ukprn, year, period, against.period(), storePosition, number, size)
                : cached.keptDiffPage(ukprn, year, period, against.submission(), storePosition, number, size);
    }

    private Optional<ReturnSnapshot> other(Ukprn ukprn, CollectionYear year, ReturnController.Against against,
            long storePosition, Duration wait) {
        if (against.period() != null) {
            return now(ukprn, year, against.period(), storePosition, wait);
        }
        Submission submission = against.submission();
        return ready(Key.of(submission), wait, () -> cached.keptSubmitted(submission),
                () -> cached.submitted(submission));
    }

    /** Whether a build of the return as now of (UKPRN, year, period) started by a view is still under way. */
    public boolean building(Ukprn ukprn, CollectionYear year, ReturnPeriod period) {
        return building(Key.of(ukprn, year, period));
    }

    /** Whether a build of the other side of a diff started by a view is still under way. */
    public boolean building(Ukprn ukprn, CollectionYear year, ReturnController.Against against) {
        return building(Key.of(ukprn, year, against));
    }

    private boolean building(Key key) {
        CompletableFuture<Void> build = preparing.get(key);
        return build != null && !build.isDone();
    }

    /** How many builds views have started since the start (a view that joined one under way started none). */
    public long started() {
        return started.get();
    }

    /**
     * What {@code kept} gives, if anything; else the build of {@code key} is started (or joined) and waited
     * for until {@code wait} has passed. A build joined may have been started for an earlier store position:
     * when it ends and {@code kept} still gives nothing, another is started, while time is left.
     */
    private <T> Optional<T> ready(Key key, Duration wait, Supplier<Optional<T>> kept, Runnable build) {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        while (true) {
            Optional<T> ready = kept.get();
            if (ready.isPresent()) {
                forgetFailure(key);
                return ready;
            }
            CompletableFuture<Void> underWay = preparing.get(key);
            if (underWay == null) {
                underWay = start(key, build);
            }
            if (underWay.isCompletedExceptionally()) {
                throw told(key, underWay);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                underWay.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillBuilding) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the return", e);
            } catch (ExecutionException failed) {
                throw told(key, underWay);
            }
        }
    }

    private CompletableFuture<Void> start(Key key, Runnable work) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> underWay = preparing.putIfAbsent(key, mine);
        if (underWay != null) {
            return underWay;
        }
        try {
            builds.execute(() -> build(key, mine, work));
        } catch (RejectedExecutionException full) {
            Busy busy = new Busy();
            preparing.remove(key, mine);
            mine.completeExceptionally(busy); // a view that joined it meanwhile is told the same
            throw busy;
        }
        started.incrementAndGet();
        return mine;
    }

    private void build(Key key, CompletableFuture<Void> mine, Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        } catch (RuntimeException | Error failure) {
            log.warn("could not prepare return {} {} of UKPRN {} for a view", key.year(), key.of(), key.ukprn(),
                    failure);
            mine.completeExceptionally(failure); // kept until a view of the return is told
            if (failure instanceof Error error) {
                throw error;
            }
            return;
        }
        // Forgotten before it is told, so a view woken by it finds the return kept and none under way.
        preparing.remove(key, mine);
        mine.complete(null);
        long took = System.nanoTime() - start;
        if (took >= NOTEWORTHY.toNanos()) {
            log.info("prepared return {} {} of UKPRN {} for a view in {} ms", key.year(), key.of(), key.ukprn(),
                    took / 1_000_000);
        }
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
