package uk.ilrledger.query.findings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.eventlog.LearnerEventLog;
import uk.ilrledger.projections.eventlog.LoggedEvent;
import uk.ilrledger.query.findings.ImportedFiles.ImportedFile;
import uk.ilrledger.query.returns.ReturnSnapshot;
import uk.ilrledger.query.returns.ReturnSnapshots;
import uk.ilrledger.query.returns.ReturnSnapshots.ReturnView;
import uk.ilrledger.schemas.ilr.IlrFold;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.rules.Finding;
import uk.ilrledger.schemas.ilr.rules.IlrRules;
import uk.ilrledger.schemas.learner.ApprovedChange;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Findings as a projection over the whole ledger, folded on read as returns are: the year's DfE
 * rules run over each learner as a return holds them, or over a learner's record, and each finding
 * traced to the event since which it has held by folding the learner's events in order.
 */
@Component
public class LedgerFindings {

    /** A learner's findings, and every event that made one appear or cleared one. */
    public record LearnerReport(String learnRefNumber, String year, LocalDate judgedOn, long errors, long warnings,
            List<LedgerFinding> findings, List<Change> history) {
    }

    /** What one event did to a learner's findings. */
    public record Change(FindingCause event, List<LedgerFinding> appeared, List<LedgerFinding> cleared) {
    }

    /** The findings of a return, learners in the return's order. */
    public record ReturnReport(int ukprn, String year, String period, LocalDate preparationDate, long position,
            int learners, long errors, long warnings, List<LedgerFinding> findings) {

        public FindingCounts counts() {
            return new FindingCounts(errors, warnings);
        }
    }

    private final ReturnSnapshots snapshots;
    private final LearnerEventLog log;
    private final IlrRules rules;
    private final ImportedFiles imports;

    public LedgerFindings(ReturnSnapshots snapshots, LearnerEventLog log, IlrRules rules, ImportedFiles imports) {
        this.snapshots = snapshots;
        this.log = log;
        this.rules = rules;
        this.imports = imports;
    }

    /**
     * The learner's record as known at {@code asOf} (now when null) judged by {@code year}'s rules
     * (the year of the day judged on when null) on that day.
     */
    public LearnerReport learner(LearnerId learner, Instant asOf, CollectionYear year) {
        List<LoggedEvent> events = log.learner(learner, asOf);
        if (events.isEmpty()) {
            throw DomainProblem.notFound("learnRefNumber", asOf == null
                    ? "no learner " + learner.learnRefNumber() + " at UKPRN " + learner.ukprn()
                    : "learner " + learner.learnRefNumber() + " was not known at " + asOf);
        }
        LocalDate judgedOn = snapshots.preparationDate(asOf);
        CollectionYear judgedYear = year != null ? year : CollectionYear.containing(judgedOn);
        String ref = learner.learnRefNumber().value();
        Function<List<LoggedEvent>, List<Finding>> judge = prefix -> {
            IlrLearner record = IlrFold.replay(prefix.stream().map(LoggedEvent::event).toList());
            return record == null ? List.of() : rules.findings(record, judgedYear, judgedOn);
        };
        Traced traced = new Traced(imports.byFile(learner.ukprn()), imports.lines(learner.ukprn(), ref));
        List<FindingSteps.Step> steps = FindingSteps.of(events, judge);
        List<LedgerFinding> findings = traced.findings(ref, judge.apply(events), steps);
        List<Change> history = steps.stream().map(step -> new Change(traced.cause(step.event()),
                traced.listed(ref, step.appeared(), step.event()), traced.listed(ref, step.cleared(), null))).toList();
        FindingCounts counts = FindingCounts.of(findings);
        return new LearnerReport(ref, judgedYear.code(), judgedOn, counts.errors(), counts.warnings(), findings, history);
    }

    /** The return as known at {@code asOf} (now when null), from the events up to {@code storePosition}. */
    public ReturnReport ofReturn(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Instant asOf,
            long storePosition) {
        return ofReturn(ukprn, year, period, snapshots.position(asOf, storePosition), snapshots.preparationDate(asOf));
    }

    /** The return prepared on {@code preparationDate} from the events up to store position {@code position}. */
    public ReturnReport ofReturn(Ukprn ukprn, CollectionYear year, ReturnPeriod period, long position,
            LocalDate preparationDate) {
        ReturnView view = snapshots.view(ukprn, year, period, position, preparationDate);
        ReturnJudge judge = new ReturnJudge(rules, year, preparationDate);
        Traced traced = new Traced(imports.byFile(ukprn), imports.lines(ukprn, null));
        List<LedgerFinding> findings = new ArrayList<>();
        int[] learners = {0};
        log.forEachLearner(ukprn, position, events -> {
            ReturnSnapshot.Learner returned = view.learner(events);
            if (returned == null) {
                return;
            }
            learners[0]++;
            IlrLearner record = returned.learner();
            List<Finding> now = judge.judge(record);
            if (!now.isEmpty()) {
                List<FindingSteps.Step> steps = FindingSteps.of(events, prefix -> {
                    ReturnSnapshot.Learner then = view.learner(prefix);
                    return then == null ? List.of() : judge.judge(then.learner());
                });
                findings.addAll(traced.findings(record.learnRefNumber().value(), now, steps));
            }
            judge.judged(record);
        });
        FindingCounts counts = FindingCounts.of(findings);
        return new ReturnReport(ukprn.value(), year.code(), period.code(), preparationDate, position, learners[0],
                counts.errors(), counts.warnings(), findings);
    }

    /** Findings named with the events behind them and, for what an import brought in, the file's line. */
    private record Traced(Map<String, ImportedFile> files, ImportedFiles.Lines lines) {

        List<LedgerFinding> findings(String ref, List<Finding> now, List<FindingSteps.Step> steps) {
            Map<String, LoggedEvent> since = FindingSteps.appearedWith(steps);
            return now.stream().map(f -> {
                LoggedEvent event = since.get(f.key());
                return LedgerFinding.of(ref, f, line(ref, f, event), event == null ? null : cause(event));
            }).toList();
        }

        /** Findings as one event's entry in the learner's history lists them. */
        List<LedgerFinding> listed(String ref, List<Finding> findings, LoggedEvent appearedWith) {
            return findings.stream().map(f -> LedgerFinding.of(ref, f, line(ref, f, appearedWith), null)).toList();
        }

        private Integer line(String ref, Finding finding, LoggedEvent event) {
            String file = event == null ? null : importedFile(event.event());
            return file == null ? null : lines.line(ref, file, finding.ruleId(), finding.swSupAimId(), finding.field());
        }

        /** The SHA-256 of the imported file the event came from, or null when no import recorded it. */
        private String importedFile(LearnerEvent event) {
            List<EvidenceId> evidence = event instanceof LearnerRegistered r ? r.evidence()
                    : event instanceof ApprovedChange c ? c.evidence() : List.of();
            return evidence.stream().map(EvidenceId::sha256).filter(files::containsKey).findFirst().orElse(null);
        }

        FindingCause cause(LoggedEvent logged) {
            LearnerEvent event = logged.event();
            String raisedBy = event instanceof LearnerRegistered r ? r.registeredBy()
                    : event instanceof ApprovedChange c ? c.raisedBy() : null;
            String approvedBy = event instanceof ApprovedChange c ? c.approvedBy() : null;
            String sha256 = importedFile(event);
            ImportedFile file = sha256 == null ? null : files.get(sha256);
            return new FindingCause(logged.eventIdentifier(), logged.globalIndex(), event.getClass().getSimpleName(),
                    logged.changeId(), logged.recordedAt(), logged.effectiveDate(), raisedBy, approvedBy,
                    file == null ? null : file.importId(), file == null ? null : file.fileName());
        }
    }
}
