package uk.ilrledger.query.returns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.TaskFailures;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.eventlog.LoggedEvent;
import uk.ilrledger.projections.returns.Submission;
import uk.ilrledger.projections.returns.SubmissionsProjection;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Returns kept between requests, so a return page or diff does not fold every learner of a large
 * provider again. The return as now of (UKPRN, year, period) is kept with the store position it
 * reflects, its preparation date and the submitted aims it was judged against. A later request first
 * asks the event log which of the provider's learners have events recorded since that position and
 * builds only those learners again; a new preparation date, a new submission of the year or a large
 * batch of learners (an import) builds the return whole, once: a request for a return whose whole build
 * is under way (for another request, or ahead of requests by {@link ReturnsPreparedAhead}) waits for
 * it and brings it up to date. The answer is always the return
 * {@link ReturnSnapshots#asOf} builds at the same position, learner for learner and hash for hash.
 * A submitted return never changes, so it is kept as first built. A diff between two returns is kept
 * until either side's learners change. The return screen reads only what is kept and current
 * ({@link #current}, {@link #keptDiffPage}) and has the rest built by {@link ReturnsInBackground}; the
 * API's reads bring the return up to date in the request, as they always have.
 */
@Component
public class CachedReturns implements DisposableBean {

    /** Above this many learners changed since the kept return, building it whole is cheaper than learner by learner. */
    static final int LEARNERS_REBUILT_ONE_BY_ONE = 2_000;

    private final ReturnSnapshots snapshots;
    private final LearnerEventLog log;
    private final SubmissionsProjection submissions;
    private final ObjectMapper json;
    private final ReturnDiffs returnDiffs;
    private final Cache<DiffKey, ReturnDiff> diffs = Caffeine.newBuilder().maximumSize(16)
            .expireAfterAccess(Duration.ofHours(2)).build();
    private final Cache<DiffKey, List<String>> differing = Caffeine.newBuilder().maximumSize(16)
            .expireAfterAccess(Duration.ofHours(2)).build();
    private final Cache<PageKey, ReturnDiff.Page> diffPages = Caffeine.newBuilder().maximumSize(64)
            .expireAfterAccess(Duration.ofHours(2)).build();
    /** Returns as now kept at most. */
    private static final int KEPT = 8;
    private final Cache<Key, Kept> latest = Caffeine.newBuilder().maximumSize(KEPT)
            .expireAfterAccess(Duration.ofHours(2)).build();
    /** Whole builds under way, so that a second request for the same return waits for the first's. */
    private final ConcurrentMap<Key, CompletableFuture<Kept>> building = new ConcurrentHashMap<>();
    private final AtomicLong wholeBuilds = new AtomicLong();
    /** Folds learners while the reading thread decodes the next ones' events; daemon threads, one core left to reading. */
    private final ExecutorService folds = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1), work -> {
                Thread thread = new Thread(work, "return-fold");
                thread.setDaemon(true);
                return thread;
            });
    private final Cache<UUID, ReturnSnapshot> submitted = Caffeine.newBuilder().maximumSize(8)
            .expireAfterAccess(Duration.ofHours(2)).build();

    public CachedReturns(ReturnSnapshots snapshots, LearnerEventLog log, SubmissionsProjection submissions,
            ObjectMapper json, ReturnDiffs returnDiffs) {
        this.returnDiffs = returnDiffs;
        this.snapshots = snapshots;
        this.log = log;
        this.submissions = submissions;
        this.json = json;
    }

    private record Key(int ukprn, String year, String period) {
        static Key of(Ukprn ukprn, CollectionYear year, ReturnPeriod period) {
            return new Key(ukprn.value(), year.code(), period.code());
        }
    }

    /**
     * A diff between two kept returns, named by the positions their learners were last built at (a
     * submission's by its id): later events of other providers change neither side, nor the events read.
     */
    private record DiffKey(int ukprn, String year, String period, long basis, String against, long againstBasis,
            LocalDate preparationDate) {
    }

    /** A page of a kept diff: the diff's key, the page's number and how many learners a page shows. */
    private record PageKey(DiffKey diff, int number, int size) {
    }

    /** One learner as the kept return holds them, with the JSON its hash is taken over. */
    private record Held(ReturnSnapshot.Learner learner, byte[] hashed) {
    }

    /**
     * A kept return: its learners by LearnRefNumber (as {@code String.compareTo} orders them), and what it
     * was built on; {@code basis} is the position its learners were last built at, at or below the snapshot's;
     * {@code upTo} the store's head when a request last found it current (at or above the snapshot's
     * position, which is the event log's, as other events than learners' move the head too).
     */
    private record Kept(ReturnSnapshot snapshot, long basis, LocalDate preparationDate, Set<String> returned,
            TreeMap<String, Held> learners, long upTo) {

        Kept currentAt(long storePosition) {
            return storePosition <= upTo ? this
                    : new Kept(snapshot, basis, preparationDate, returned, learners, storePosition);
        }
    }

    /**
     * The return as now (the same as {@code snapshots.asOf(ukprn, year, period, null, storePosition)}),
     * brought up to date from the one kept for the same UKPRN, year and period.
     */
    public ReturnSnapshot now(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long storePosition) {
        return latest(ukprn, year, period, storePosition).snapshot();
    }

    /** What changed from another period of the same year as now to this one, kept while neither changes. */
    public ReturnDiff diff(Ukprn ukprn, CollectionYear year, ReturnPeriod period, ReturnPeriod against,
            long storePosition) {
        Kept to = latest(ukprn, year, period, storePosition);
        Kept from = latest(ukprn, year, against, storePosition);
        return diffs.get(new DiffKey(ukprn.value(), year.code(), period.code(), to.basis(), against.code(), from.basis(),
                to.preparationDate()), key -> returnDiffs.between(from.snapshot(), to.snapshot()));
    }

    /** What changed from a submitted return to this one as now, kept while this one does not change. */
    public ReturnDiff diff(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Submission against,
            long storePosition) {
        Kept to = latest(ukprn, year, period, storePosition);
        return diffs.get(new DiffKey(ukprn.value(), year.code(), period.code(), to.basis(),
                against.submissionId().toString(), against.position(), to.preparationDate()),
                key -> returnDiffs.between(submitted(against), to.snapshot()));
    }

    /**
     * One page of what changed from another period of the same year as now to this one, when both are kept
     * and current at {@code storePosition} ({@link #current}): {@code size} learners of those held
     * differently, whose events alone are read. Builds no return: empty when either side is not current.
     * Kept while neither side changes.
     */
    public Optional<ReturnDiff.Page> keptDiffPage(Ukprn ukprn, CollectionYear year, ReturnPeriod period,
            ReturnPeriod against, long storePosition, int number, int size) {
        Kept to = current(Key.of(ukprn, year, period), storePosition);
        Kept from = current(Key.of(ukprn, year, against), storePosition);
        if (to == null || from == null) {
            return Optional.empty();
        }
        return Optional.of(page(new DiffKey(ukprn.value(), year.code(), period.code(), to.basis(), against.code(),
                from.basis(), to.preparationDate()), from.snapshot(), to.snapshot(), number, size));
    }

    /**
     * One page of what changed from a submitted return to this one as now, when this one is kept and current
     * at {@code storePosition} and the submitted one is kept ({@link #keptSubmitted}). Builds no return.
     */
    public Optional<ReturnDiff.Page> keptDiffPage(Ukprn ukprn, CollectionYear year, ReturnPeriod period,
            Submission against, long storePosition, int number, int size) {
        Kept to = current(Key.of(ukprn, year, period), storePosition);
        ReturnSnapshot from = submitted.getIfPresent(against.submissionId());
        if (to == null || from == null) {
            return Optional.empty();
        }
        return Optional.of(page(new DiffKey(ukprn.value(), year.code(), period.code(), to.basis(),
                against.submissionId().toString(), against.position(), to.preparationDate()), from, to.snapshot(),
                number, size));
    }

    private ReturnDiff.Page page(DiffKey key, ReturnSnapshot from, ReturnSnapshot to, int number, int size) {
        List<String> refs = differing.get(key, k -> returnDiffs.differing(from, to));
        int pages = Math.max(1, (refs.size() + size - 1) / size);
        int shown = Math.min(Math.max(1, number), pages);
        return diffPages.get(new PageKey(key, shown, size), k -> {
            List<String> page = refs.subList(Math.min(refs.size(), (shown - 1) * size),
                    Math.min(refs.size(), shown * size));
            return new ReturnDiff.Page(returnDiffs.of(from, to, page), shown, pages, refs.size());
        });
    }

    private Kept latest(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long storePosition) {
        long position = snapshots.position(null, storePosition);
        LocalDate preparationDate = snapshots.preparationDate(null);
        Set<String> returned = submissions.returnedAims(ukprn, year, position);
        Key key = Key.of(ukprn, year, period);
        Kept kept = latest.getIfPresent(key);
        while (true) {
            if (!builtOn(kept, preparationDate, returned)) {
                kept = shared(key, ukprn, year, period, position, preparationDate, returned, null);
            }
            if (kept.snapshot().position() >= position) {
                break;
            }
            Kept from = kept;
            kept = latest.asMap().compute(key, (k, old) -> {
                if (old != null && !builtOn(old, preparationDate, returned)
                        && old.preparationDate().isAfter(preparationDate)) {
                    return old; // a request that began before midnight: the new day's return stays kept
                }
                Kept base = builtOn(old, preparationDate, returned)
                        && old.snapshot().position() >= from.snapshot().position() ? old : from;
                if (base.snapshot().position() >= position) {
                    return base;
                }
                Kept next = upToDate(base, ukprn, year, period, position, preparationDate, returned);
                return next != null ? next : base;
            });
            if (!builtOn(kept, preparationDate, returned) || kept.snapshot().position() >= position) {
                break;
            }
            // Too many learners changed (an import): built whole once, however many requests ask meanwhile.
            kept = shared(key, ukprn, year, period, position, preparationDate, returned, kept);
        }
        if (!builtOn(kept, preparationDate, returned) || kept.snapshot().position() != position) {
            // A request that began before the kept return's position: built at its own, not kept.
            return whole(ukprn, year, period, position, preparationDate, returned);
        }
        Kept found = kept;
        Kept seen = found.currentAt(storePosition);
        if (seen != found) {
            latest.asMap().computeIfPresent(key, (k, old) -> old == found ? seen : old);
        }
        return seen;
    }

    private static boolean builtOn(Kept kept, LocalDate preparationDate, Set<String> returned) {
        return kept != null && kept.preparationDate().equals(preparationDate) && kept.returned().equals(returned);
    }

    /**
     * The return built whole at {@code position} and kept, or the one a build already under way for the
     * same UKPRN, year and period gives (one build, whoever asked first: a request or the preparation
     * ahead of requests), when it is built on the same preparation date and submitted aims, at or below
     * {@code position} and past {@code stale}. The caller brings it up to date as usual.
     */
    private Kept shared(Key key, Ukprn ukprn, CollectionYear year, ReturnPeriod period, long position,
            LocalDate preparationDate, Set<String> returned, Kept stale) {
        while (true) {
            CompletableFuture<Kept> mine = new CompletableFuture<>();
            CompletableFuture<Kept> underWay = building.putIfAbsent(key, mine);
            if (underWay == null) {
                Kept built;
                try {
                    built = whole(ukprn, year, period, position, preparationDate, returned);
                    latest.asMap().merge(key, built, CachedReturns::later);
                    // Forgotten before it is told, so a request woken by it never finds it still under way.
                } catch (RuntimeException | Error failure) {
                    building.remove(key, mine);
                    mine.completeExceptionally(failure);
                    throw failure;
                }
                building.remove(key, mine);
                mine.complete(built);
                return built;
            }
            Kept theirs;
            try {
                theirs = underWay.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the return", e);
            } catch (ExecutionException failed) {
                continue; // that build failed (its own caller was told): build it here
            }
            if (builtOn(theirs, preparationDate, returned) && theirs.snapshot().position() <= position
                    && (stale == null || theirs.snapshot().position() > stale.snapshot().position())) {
                return theirs;
            }
            // Built for another day, other submitted aims or a later position: a build of this request's own.
        }
    }

    /** Of two kept returns of the same key, the one of the later preparation date, then of the later position. */
    private static Kept later(Kept old, Kept built) {
        if (old.preparationDate().isAfter(built.preparationDate())
                || old.preparationDate().equals(built.preparationDate())
                && old.snapshot().position() > built.snapshot().position()) {
            return old;
        }
        return built;
    }

    /**
     * Builds ahead of requests the return as now of (UKPRN, year, period), or brings the kept one up to
     * date: what a first view would otherwise do while the user waits.
     */
    public ReturnSnapshot prepare(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long storePosition) {
        return now(ukprn, year, period, storePosition);
    }

    /** How many times a return as now was built whole from the event log since the start (not learner by learner). */
    public long wholeBuilds() {
        return wholeBuilds.get();
    }

    /** Whether the return as now of (UKPRN, year, period) is kept (at whatever position and date). */
    public boolean keeps(Ukprn ukprn, CollectionYear year, ReturnPeriod period) {
        return latest.asMap().containsKey(Key.of(ukprn, year, period));
    }

    /**
     * The return as now of (UKPRN, year, period) as kept, if it is current at {@code storePosition}: built on
     * today's preparation date and found current by a request or build at that store position or a later one
     * (so nothing at all, a submission included, was recorded since). Reads nothing and builds nothing: a
     * return not kept, of an earlier day or behind the store is empty, for the caller to have it built or
     * brought up to date ({@link #prepare}) away from the request.
     */
    public Optional<ReturnSnapshot> current(Ukprn ukprn, CollectionYear year, ReturnPeriod period,
            long storePosition) {
        return Optional.ofNullable(current(Key.of(ukprn, year, period), storePosition)).map(Kept::snapshot);
    }

    private Kept current(Key key, long storePosition) {
        Kept kept = latest.getIfPresent(key);
        return kept != null && kept.upTo() >= storePosition
                && kept.preparationDate().equals(snapshots.preparationDate(null)) ? kept : null;
    }

    /** A submitted return if it is kept, as {@link #submitted} built it; builds nothing. */
    public Optional<ReturnSnapshot> keptSubmitted(Submission submission) {
        return Optional.ofNullable(submitted.getIfPresent(submission.submissionId()));
    }

    /** How many returns as now are kept at most; returns prepared ahead of requests should leave room for others. */
    public static int keptAtMost() {
        return KEPT;
    }

    /** A submitted return as rebuilt from what it was frozen on: built once, as it cannot change. */
    public ReturnSnapshot submitted(Submission submission) {
        return submitted.get(submission.submissionId(), id -> snapshots.submitted(submission));
    }

    /** The kept return brought up to {@code position} learner by learner; null when too many changed for that. */
    private Kept upToDate(Kept old, Ukprn ukprn, CollectionYear year, ReturnPeriod period, long position,
            LocalDate preparationDate, Set<String> returned) {
        if (old.snapshot().position() == position) {
            return old;
        }
        Set<String> changed = log.learnersRecordedBetween(ukprn, old.snapshot().position(), position);
        if (changed.isEmpty()) {
            // Only other providers' events since: the same learners, as of the later position.
            return new Kept(withPosition(old.snapshot(), position), old.basis(), preparationDate, old.returned(),
                    old.learners(), Math.max(old.upTo(), position));
        }
        if (changed.size() > LEARNERS_REBUILT_ONE_BY_ONE) {
            return null;
        }
        Map<String, List<LoggedEvent>> events = ReturnSnapshots.byLearner(log.learners(ukprn, changed, position));
        LocalDate cut = ReturnSnapshots.cut(year, period, preparationDate);
        TreeMap<String, Held> learners = new TreeMap<>(old.learners());
        for (String ref : changed) {
            ReturnSnapshot.Learner learner = ReturnSnapshots.learner(events.getOrDefault(ref, List.of()), year, period,
                    cut, preparationDate, returned);
            if (learner == null) {
                learners.remove(ref);
            } else {
                learners.put(ref, held(learner));
            }
        }
        return kept(ukprn, year, period, position, preparationDate, returned, learners);
    }

    /**
     * The return built whole: one ordered read of the provider's events (decoding them is most of the
     * work), each learner's fold and hashed JSON handed to the fold threads as soon as their events are
     * read, so folding overlaps reading; the learners are then taken in LearnRefNumber order as before.
     */
    private Kept whole(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long position,
            LocalDate preparationDate, Set<String> returned) {
        wholeBuilds.incrementAndGet();
        LocalDate cut = ReturnSnapshots.cut(year, period, preparationDate);
        List<Future<Held>> folded = new ArrayList<>();
        try {
            log.forEachLearner(ukprn, position, events -> folded.add(folds.submit(() -> {
                ReturnSnapshot.Learner learner = ReturnSnapshots.learner(events, year, period, cut, preparationDate,
                        returned);
                return learner == null ? null : held(learner);
            })));
            TreeMap<String, Held> learners = new TreeMap<>();
            for (Future<Held> learner : folded) {
                Held held = learner.get();
                if (held != null) {
                    learners.put(held.learner().learner().learnRefNumber().value(), held);
                }
            }
            return kept(ukprn, year, period, position, preparationDate, returned, learners);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the return", e);
        } catch (ExecutionException e) {
            throw TaskFailures.unwrapped(e, "cannot build the return");
        } finally {
            folded.forEach(learner -> learner.cancel(false));
        }
    }

    @Override
    public void destroy() {
        folds.shutdownNow();
    }

    private static ReturnSnapshot withPosition(ReturnSnapshot s, long position) {
        return new ReturnSnapshot(s.ukprn(), s.year(), s.period(), s.lastDay(), s.preparationDate(), position,
                s.sha256(), s.learners());
    }

    private static Kept kept(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long position,
            LocalDate preparationDate, Set<String> returned, TreeMap<String, Held> learners) {
        List<ReturnSnapshot.Learner> list = new ArrayList<>(learners.size());
        MessageDigest digest = sha256();
        // The bytes ReturnSnapshots hashes: the JSON array of [record, inclusions] pairs, in learner order.
        digest.update((byte) '[');
        boolean first = true;
        for (Held held : learners.values()) {
            if (!first) {
                digest.update((byte) ',');
            }
            first = false;
            digest.update(held.hashed());
            list.add(held.learner());
        }
        digest.update((byte) ']');
        ReturnSnapshot snapshot = new ReturnSnapshot(ukprn.value(), year.code(), period.code(), period.lastDay(year),
                preparationDate, position, HexFormat.of().formatHex(digest.digest()), List.copyOf(list));
        return new Kept(snapshot, position, preparationDate, Set.copyOf(returned), learners, position);
    }

    private Held held(ReturnSnapshot.Learner learner) {
        try {
            return new Held(learner, json.writeValueAsBytes(List.of(learner.learner(), learner.inclusions())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot hash the return", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
