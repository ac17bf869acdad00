package uk.ilrledger.query.returns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.eventlog.LoggedEvent;
import uk.ilrledger.projections.returns.Submission;
import uk.ilrledger.projections.returns.SubmissionsProjection;
import uk.ilrledger.query.returns.ReturnSnapshot.Inclusion;
import uk.ilrledger.schemas.ilr.DatedEvent;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.AimForceIncluded;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.QaVerified;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.QaStatus;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Builds the R-return snapshot of (UKPRN, year, period) from the events recorded up to a store
 * position: each learner's events that take effect on or before the period's last day (and not
 * after the file's preparation date) are folded with the one fold, then the year rules decide which
 * aims go in. The same position and preparation date always give the same bytes.
 */
@Component
public class ReturnSnapshots {

    /** The read models a return is built from: a return waits until both have reached the store's head. */
    public static final List<String> SOURCES = List.of(LearnerEventLog.PROCESSING_GROUP,
            SubmissionsProjection.PROCESSING_GROUP);

    private final LearnerEventLog log;
    private final SubmissionsProjection submissions;
    private final ObjectMapper json;
    private final Clock clock;

    public ReturnSnapshots(LearnerEventLog log, SubmissionsProjection submissions, ObjectMapper json, Clock clock) {
        this.log = log;
        this.submissions = submissions;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The return as known at {@code asOf} (now when null), from the events up to {@code storePosition}:
     * the head of the store the projections were seen to reach when the request came.
     */
    public ReturnSnapshot asOf(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Instant asOf, long storePosition) {
        return build(ukprn, year, period, position(asOf, storePosition), preparationDate(asOf));
    }

    /** The submitted return, rebuilt from what it was frozen on: the file's preparation date where it names one. */
    public ReturnSnapshot submitted(Submission submission) {
        LocalDate preparationDate = submission.filePreparationDate() != null ? submission.filePreparationDate()
                : LocalDate.ofInstant(submission.asOf(), ReturnsCalendar.UK);
        return build(new Ukprn(submission.ukprn()), CollectionYear.parse(submission.year()),
                ReturnPeriod.parse(submission.period()), submission.position(), preparationDate);
    }

    public ReturnSnapshot build(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long position,
            LocalDate preparationDate) {
        List<ReturnSnapshot.Learner> learners = new ArrayList<>();
        forEachLearner(ukprn, year, period, position, preparationDate, learners::add);
        return new ReturnSnapshot(ukprn.value(), year.code(), period.code(), period.lastDay(year), preparationDate,
                position, sha256(learners), learners);
    }

    /**
     * The learners of the same return, in the same order, one at a time and never all in memory:
     * what an export streams into a file.
     */
    public void forEachLearner(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long position,
            LocalDate preparationDate, Consumer<ReturnSnapshot.Learner> learners) {
        LocalDate cut = cut(year, period, preparationDate);
        Set<String> returned = submissions.returnedAims(ukprn, year, position);
        log.forEachLearner(ukprn, position, events -> {
            ReturnSnapshot.Learner learner = learner(events, year, period, cut, preparationDate, returned);
            if (learner != null) {
                learners.accept(learner);
            }
        });
    }

    /**
     * How the return of (year, period) prepared on {@code preparationDate} from store position
     * {@code position} sees one learner, built from any list of the learner's events: given the
     * events up to one of them, the learner as the return would have held them then.
     */
    public ReturnView view(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long position,
            LocalDate preparationDate) {
        return new ReturnView(year, period, cut(year, period, preparationDate), preparationDate,
                submissions.returnedAims(ukprn, year, position));
    }

    /** One return's way of seeing a learner; null when none of their aims belongs in it. */
    public record ReturnView(CollectionYear year, ReturnPeriod period, LocalDate cut, LocalDate preparationDate,
            Set<String> returned) {
        public ReturnSnapshot.Learner learner(List<LoggedEvent> events) {
            return ReturnSnapshots.learner(events, year, period, cut, preparationDate, returned);
        }
    }

    /**
     * The store position a return as known at {@code asOf} (now when null) is built from: the last learner
     * event or submission recorded by then (a submission's aims stay in the year's later returns, so a
     * submission recorded after the last learner event must be seen too), never past {@code storePosition},
     * so events recorded after the request began stay out of it.
     */
    public long position(Instant asOf, long storePosition) {
        return Math.min(Math.max(log.position(asOf), submissions.position(asOf)), storePosition);
    }

    /** The preparation date of a return as known at {@code asOf} (now when null). */
    public LocalDate preparationDate(Instant asOf) {
        return LocalDate.ofInstant(asOf != null ? asOf : clock.instant(), ReturnsCalendar.UK);
    }

    /** Data takes effect in a return up to the period's last day, and never after the preparation date. */
    static LocalDate cut(CollectionYear year, ReturnPeriod period, LocalDate preparationDate) {
        LocalDate lastDay = period.lastDay(year);
        return preparationDate.isBefore(lastDay) ? preparationDate : lastDay;
    }

    static boolean inView(LoggedEvent event, LocalDate cut) {
        return event.effectiveDate() == null || !event.effectiveDate().isAfter(cut);
    }

    /** The learner's record as it takes effect on {@code cut}: later changes left out, aims not yet started dropped. */
    public static IlrLearner effectiveOn(List<LoggedEvent> events, LocalDate cut) {
        return started(IlrFold.inEffectOn(dated(events), cut), cut);
    }

    private static IlrLearner inEffectOn(List<DatedEvent> asFields, LocalDate cut) {
        return started(IlrFold.inEffectOrder(asFields.stream().filter(e -> e.inEffectOn(cut)).toList()), cut);
    }

    private static List<DatedEvent> dated(List<LoggedEvent> events) {
        return events.stream().map(LoggedEvent::dated).toList();
    }

    private static IlrLearner started(IlrLearner record, LocalDate cut) {
        if (record == null) {
            return null;
        }
        return record.withLearningDeliveries(record.learningDeliveries().stream()
                .filter(aim -> !aim.learnStartDate().isAfter(cut)).toList());
    }

    static ReturnSnapshot.Learner learner(List<LoggedEvent> events, CollectionYear year, ReturnPeriod period,
            LocalDate cut, LocalDate preparationDate, Set<String> returned) {
        // Corrections stored whole are turned into fields once, for the three views below.
        List<DatedEvent> asFields = IlrFold.withCorrectedFields(dated(events));
        IlrLearner record = inEffectOn(asFields, cut);
        if (record == null) {
            return null;
        }
        IlrLearner atPreviousYearEnd = inEffectOn(asFields, year.firstDay().minusDays(1));
        Map<String, AimForceIncluded> forced = new HashMap<>();
        events.stream().filter(e -> inView(e, cut)).map(LoggedEvent::event)
                .filter(AimForceIncluded.class::isInstance).map(AimForceIncluded.class::cast)
                .filter(f -> f.year().equals(year.code()))
                .forEach(f -> f.aims().forEach(aim -> forced.put(aim, f)));
        Map<LearningDelivery, InclusionReason> included = YearRules.included(record, atPreviousYearEnd, year, returned,
                forced.keySet());
        if (included.isEmpty()) {
            return null;
        }
        if (period.number() >= 13) {
            // R13 and R14 finish the year: the aims the year's dates include, with what is known of them now.
            IlrLearner finished = started(IlrFold.inEffectOrder(YearRules.finishingTheYear(asFields, year,
                    preparationDate)), cut);
            Map<LearningDelivery, InclusionReason> values = new LinkedHashMap<>();
            included.forEach((aim, reason) -> values.put(finished.aim(aim.swSupAimId()).orElse(aim), reason));
            included = values;
            record = finished;
        }
        Map<String, InclusionReason> reasons = new HashMap<>();
        included.forEach((aim, reason) -> reasons.put(aim.swSupAimId(), reason));
        List<LearningDelivery> aims = YearRules.renumbered(new ArrayList<>(included.keySet()));
        List<Inclusion> inclusions = aims.stream().map(aim -> {
            InclusionReason reason = reasons.get(aim.swSupAimId());
            AimForceIncluded flag = reason == InclusionReason.FORCE_INCLUDED ? forced.get(aim.swSupAimId()) : null;
            return new Inclusion(aim.aimSeqNumber(), aim.swSupAimId(), reason,
                    flag == null ? null : flag.raisedBy() + ", approved by " + flag.approvedBy(),
                    flag == null ? null : flag.reason());
        }).toList();
        return new ReturnSnapshot.Learner(record.withLearningDeliveries(aims)
                .withEmploymentStatuses(trimmed(record.learnerEmploymentStatuses(), aims)), inclusions, qaStatus(events));
    }

    /** VERIFIED when the learner's latest QA verification came after their latest approved change. */
    static QaStatus qaStatus(List<LoggedEvent> events) {
        QaStatus status = QaStatus.PENDING;
        for (LoggedEvent event : events) {
            if (event.event() instanceof QaVerified) {
                status = QaStatus.VERIFIED;
            } else if (event.event() instanceof ApprovedChange) {
                status = QaStatus.PENDING;
            }
        }
        return status;
    }

    /** The latest employment status dated before the earliest included aim's start, and every later one. */
    static List<LearnerEmploymentStatus> trimmed(List<LearnerEmploymentStatus> statuses, List<LearningDelivery> aims) {
        LocalDate earliest = aims.stream().map(LearningDelivery::learnStartDate).min(Comparator.naturalOrder())
                .orElseThrow();
        List<LearnerEmploymentStatus> sorted = statuses.stream()
                .sorted(Comparator.comparing(LearnerEmploymentStatus::dateEmpStatApp)).toList();
        int from = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).dateEmpStatApp().isBefore(earliest)) {
                from = i;
            }
        }
        return sorted.subList(from, sorted.size());
    }

    /** A provider's events grouped by learner, learners in LearnRefNumber order, events in store order. */
    static Map<String, List<LoggedEvent>> byLearner(List<LoggedEvent> events) {
        Map<String, List<LoggedEvent>> byLearner = new TreeMap<>();
        for (LoggedEvent event : events) {
            byLearner.computeIfAbsent(event.event().learner().learnRefNumber().value(), k -> new ArrayList<>()).add(event);
        }
        return byLearner;
    }

    private String sha256(List<ReturnSnapshot.Learner> learners) {
        try {
            // The hash covers what is returned (records and inclusion reasons), not the QA status.
            byte[] bytes = json.writeValueAsBytes(learners.stream().map(l -> List.of(l.learner(), l.inclusions())).toList());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the return", e);
        }
    }

}
