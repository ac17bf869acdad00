package uk.ilrledger.command.learner;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.rules.Finding;
import uk.ilrledger.schemas.ilr.rules.IlrRules;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.ilr.xml.IlrValueChecks;
import uk.ilrledger.schemas.ilr.xml.Offence;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.problems.DomainProblem.FieldError;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.EmpId;
import uk.ilrledger.schemas.values.NameCharacters;

/**
 * What the ledger refuses in a learner before it is registered or corrected: a ULN or an EmpId
 * failing its check digit, a name with characters outside the ILR's set for names, an aim ending
 * before it starts, whatever the year's ILR schema would refuse (the same {@link IlrValueChecks} the
 * export runs, so a learner that gets in can always be exported) and codes outside the year's code
 * lists. One error per field, every field listed. An import records its
 * file's learners whole and lists these as findings instead (decision 18).
 */
public class LearnerChecks {

    private final IlrRules rules;

    public LearnerChecks(IlrRules rules) {
        this.rules = rules;
    }

    /** A 400 listing every field at fault, checked against every year the learner can be returned in. */
    public void require(IlrLearner learner) {
        List<FieldError> errors = enteredErrors(learner);
        if (!errors.isEmpty()) {
            throw DomainProblem.invalidFields(errors, "learner " + learner.learnRefNumber() + " holds " + errors.size()
                    + " value" + (errors.size() == 1 ? "" : "s") + " an ILR file cannot: "
                    + errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        }
    }

    /**
     * What a learner entered through the API or a screen may not hold, each field once: whatever an
     * ILR file of its years cannot and the rules below (among them a FamilyName or GivenNames with
     * characters outside the DfE's set for names, FD_FamilyName_AP and FD_GivenNames_AP, see
     * {@link NameCharacters}), and an EmpId failing its check digit (EmpId_02, as a change of employer
     * is refused). A file may hold these; an import lists them as findings (decisions 18 and 23).
     */
    public List<FieldError> enteredErrors(IlrLearner learner) {
        Map<String, FieldError> byField = new LinkedHashMap<>();
        errors(learner, returnYears(learner)).forEach(error -> byField.putIfAbsent(error.field(), error));
        List<LearnerEmploymentStatus> statuses = learner.learnerEmploymentStatuses();
        for (int i = 0; i < statuses.size(); i++) {
            Integer empId = statuses.get(i).empId();
            if (empId != null && !EmpId.valid(empId)) {
                String field = "learnerEmploymentStatuses[" + i + "].empId";
                byField.putIfAbsent(field, new FieldError(field, "EmpId " + empId + " fails its check digit (EmpId_02)"));
            }
        }
        return List.copyOf(byField.values());
    }

    /** Every field at fault against the given years' schemas and code lists, each field once. */
    public List<FieldError> errors(IlrLearner learner, Collection<IlrSchema> years) {
        return faults(learner, years).stream().map(fault -> new FieldError(fault.field(), fault.message())).toList();
    }

    /**
     * One field at fault and the rule it breaks: a DfE rule id where the fault is one of the DfE's
     * rules (ULN_04, FD_FamilyName_AP, LearnPlanEndDate_02, an element's code list as
     * {@code <Element>_01}), "XSD" for a value the year's schema refuses.
     */
    public record Fault(String field, String element, String ruleId, String message) {
    }

    /** Every field at fault, each field once, in the learner's order. */
    public List<Fault> faults(IlrLearner learner, Collection<IlrSchema> years) {
        learner = numbered(learner);
        Map<String, Fault> byField = new LinkedHashMap<>();
        for (IlrSchema year : years) {
            rules.identityAndDateFindings(learner, CollectionYear.parse(year.year())).forEach(f -> put(byField, fault(f)));
        }
        for (IlrSchema year : years) {
            for (Offence offence : IlrValueChecks.offences(year, learner)) {
                put(byField, new Fault(offence.path(), offence.element(), "XSD", (offence.value() == null ? ""
                        : offence.element() + " " + offence.value() + ": ") + offence.reason() + " (ILR " + year.label() + ")"));
            }
        }
        for (IlrSchema year : years) {
            rules.codeListFindings(learner, CollectionYear.parse(year.year())).forEach(f -> put(byField, fault(f)));
        }
        return List.copyOf(byField.values());
    }

    private static Fault fault(Finding finding) {
        return new Fault(finding.path(), finding.field(), finding.ruleId(), finding.message());
    }

    private static void put(Map<String, Fault> byField, Fault fault) {
        byField.putIfAbsent(fault.field(), fault);
    }

    /** Aims sent without an AimSeqNumber, numbered by their place as the Learner aggregate numbers them. */
    private static IlrLearner numbered(IlrLearner learner) {
        List<LearningDelivery> aims = new ArrayList<>(learner.learningDeliveries());
        for (int i = 0; i < aims.size(); i++) {
            if (aims.get(i).aimSeqNumber() == null) {
                aims.set(i, aims.get(i).withIdentity(i + 1, aims.get(i).swSupAimId()));
            }
        }
        return learner.withLearningDeliveries(aims);
    }

    /**
     * The years whose returns can hold the learner, among those the ledger writes: from the year the
     * first aim started to the year the last one ended, or to the last year written while an aim is
     * still open. The learner must be exportable in each of them, and a year's schema and code lists
     * differ (EPAOrgID grows to 8 characters in 2026-27; FundModel 10 ends there). A learner wholly
     * before the first year written is checked against that year, since an aim's outcome can still be
     * returned in it; one wholly after, against the last.
     */
    static List<IlrSchema> returnYears(IlrLearner learner) {
        List<IlrSchema> written = Arrays.asList(IlrSchema.values());
        List<LearningDelivery> aims = learner.learningDeliveries();
        LocalDate start = aims.stream().map(LearningDelivery::learnStartDate).filter(Objects::nonNull)
                .min(LocalDate::compareTo).orElse(null);
        if (start == null) {
            return written;
        }
        boolean open = aims.stream().anyMatch(aim -> aim.learnActEndDate() == null);
        int from = CollectionYear.containing(start).startYear();
        int to = open ? Integer.MAX_VALUE : aims.stream().map(LearningDelivery::learnActEndDate)
                .mapToInt(end -> CollectionYear.containing(end).startYear()).max().orElse(from);
        List<IlrSchema> years = written.stream().filter(schema -> {
            int year = CollectionYear.parse(schema.year()).startYear();
            return year >= from && year <= to;
        }).toList();
        if (!years.isEmpty()) {
            return years;
        }
        int first = CollectionYear.parse(written.get(0).year()).startYear();
        return List.of(to < first ? written.get(0) : written.get(written.size() - 1));
    }
}
