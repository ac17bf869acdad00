package uk.ilrledger.command.imports;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import uk.ilrledger.command.learner.LearnerChecks;
import uk.ilrledger.command.learner.LearnerChecks.Fault;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.rules.Finding;
import uk.ilrledger.schemas.ilr.rules.Severity;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.LearnerId;

/**
 * Checks the learners of one file, in the file's order, against the DfE's rules, and gives each aim
 * an identity the ledger can key it by. Nothing here refuses a learner: every fault becomes an
 * {@link ImportFinding}. A file's AimSeqNumber or SWSupAimId repeated within a learner is kept for
 * the first aim and replaced for later ones (the next free number; a key derived from the learner
 * and the aim's place, so the same file derives the same key again), and the finding names the
 * file's value. One instance per import: it remembers which learner first used each SWSupAimId.
 */
final class FileLearnerChecks {

    /** A learner as the ledger records it, and what was found in it. */
    record Checked(IlrLearner learner, List<ImportFinding> findings) {
    }

    private final LearnerChecks learnerChecks;
    private final ImportRules rules;
    private final IlrSchema schema;
    private final CollectionYear year;
    private final Map<String, String> aimOwners = new HashMap<>();

    FileLearnerChecks(LearnerChecks learnerChecks, ImportRules rules, IlrSchema schema) {
        this.learnerChecks = learnerChecks;
        this.rules = rules;
        this.schema = schema;
        this.year = CollectionYear.parse(schema.year());
    }

    Checked check(LearnerId id, IlrFileReader.Read read) {
        List<ImportFinding> findings = new ArrayList<>();
        IlrLearner learner = keyed(id, read, findings);
        String ref = id.learnRefNumber().value();
        for (Fault fault : learnerChecks.faults(learner, List.of(schema))) {
            int aim = aimIndex(fault.field());
            findings.add(finding(read, learner, aim, fault.ruleId(), entity(fault.field()), fault.element(), null,
                    "Learner " + ref + ": " + fault.message()));
        }
        for (Finding postcode : rules.rules().postcodeFindings(learner, year)) {
            findings.add(finding(read, learner, -1, postcode.ruleId(), postcode.entity(), postcode.field(),
                    "postcode".equals(postcode.path()) ? learner.postcode() : learner.postcodePrior(),
                    "Learner " + ref + ": " + postcode.message()));
        }
        findings.sort(java.util.Comparator.comparingInt(ImportFinding::line));
        return new Checked(learner, findings);
    }

    /** The learner as {@link #check} records it, without judging it by the rules: what registering it needs. */
    IlrLearner keyed(LearnerId id, IlrFileReader.Read read) {
        return keyed(id, read, new ArrayList<>());
    }

    /** The learner with every aim's AimSeqNumber and SWSupAimId unique within it. */
    private IlrLearner keyed(LearnerId id, IlrFileReader.Read read, List<ImportFinding> findings) {
        IlrLearner learner = read.learner();
        String ref = id.learnRefNumber().value();
        List<LearningDelivery> aims = learner.learningDeliveries();
        int next = 1;
        for (int i = 0; i < aims.size(); i++) {
            next = Math.max(next, seq(aims.get(i), i) + 1);
        }
        Set<Integer> seqs = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<LearningDelivery> keyed = new ArrayList<>();
        List<Runnable> pending = new ArrayList<>();
        for (int i = 0; i < aims.size(); i++) {
            LearningDelivery aim = aims.get(i);
            int fileSeq = seq(aim, i);
            int seq = fileSeq;
            if (!seqs.add(seq)) {
                seq = next++;
                seqs.add(seq);
            }
            String key = aim.swSupAimId();
            if (key != null && !ids.add(key)) {
                key = UUID.nameUUIDFromBytes((id.asString() + "|aim " + (i + 1) + "|" + aim.learnAimRef() + "|"
                        + aim.learnStartDate()).getBytes(StandardCharsets.UTF_8)).toString();
                ids.add(key);
            }
            keyed.add(aim.withIdentity(seq, key));
            int index = i;
            int ledgerSeq = seq;
            String ledgerKey = key;
            if (seq != fileSeq) {
                pending.add(() -> findings.add(new ImportFinding(ref, "AimSeqNumber_02", severity("AimSeqNumber_02"),
                        "LearningDelivery", "AimSeqNumber", ledgerSeq, ledgerKey, String.valueOf(fileSeq),
                        read.aimLine(index), "Learner " + ref + ": AimSeqNumber " + fileSeq
                                + " is used by an earlier aim; the ledger numbers this aim " + ledgerSeq)));
            }
            if (ledgerKey != null && !ledgerKey.equals(aim.swSupAimId())) {
                pending.add(() -> findings.add(new ImportFinding(ref, "SWSupAimId_02", severity("SWSupAimId_02"),
                        "LearningDelivery", "SWSupAimId", ledgerSeq, ledgerKey, aim.swSupAimId(), read.aimLine(index),
                        "Learner " + ref + ": SWSupAimId " + aim.swSupAimId()
                                + " is used by an earlier aim; the ledger keys this aim " + ledgerKey)));
            } else if (ledgerKey != null) {
                String owner = aimOwners.putIfAbsent(ledgerKey, ref);
                if (owner != null && !owner.equals(ref)) {
                    pending.add(() -> findings.add(new ImportFinding(ref, "SWSupAimId_03", severity("SWSupAimId_03"),
                            "LearningDelivery", "SWSupAimId", ledgerSeq, ledgerKey, null, read.aimLine(index),
                            "Learner " + ref + ": SWSupAimId " + ledgerKey + " is also used by learner " + owner)));
                }
            }
        }
        pending.forEach(Runnable::run);
        return learner.withLearningDeliveries(keyed);
    }

    /** The AimSeqNumber the file gave, else the aim's place, as the Learner aggregate numbers it. */
    private static int seq(LearningDelivery aim, int index) {
        return aim.aimSeqNumber() != null ? aim.aimSeqNumber() : index + 1;
    }

    private ImportFinding finding(IlrFileReader.Read read, IlrLearner learner, int aim, String ruleId, String entity,
            String element, String fileValue, String message) {
        LearningDelivery delivery = aim >= 0 && aim < learner.learningDeliveries().size()
                ? learner.learningDeliveries().get(aim) : null;
        return new ImportFinding(learner.learnRefNumber().value(), ruleId, severity(ruleId), entity, element,
                delivery == null ? null : delivery.aimSeqNumber(), delivery == null ? null : delivery.swSupAimId(),
                fileValue, read.aimLine(aim), message);
    }

    private Severity severity(String ruleId) {
        return rules.severity(year, ruleId);
    }

    /** {@code learningDeliveries[2].learnPlanEndDate} is the third aim's; -1 for the learner's own fields. */
    private static int aimIndex(String field) {
        if (!field.startsWith("learningDeliveries[")) {
            return -1;
        }
        return Integer.parseInt(field.substring("learningDeliveries[".length(), field.indexOf(']')));
    }

    private static String entity(String field) {
        if (field.startsWith("learningDeliveries[")) {
            return "LearningDelivery";
        }
        if (field.startsWith("learnerEmploymentStatuses[")) {
            return "LearnerEmploymentStatus";
        }
        if (field.startsWith("llddAndHealthProblems[")) {
            return "LLDDandHealthProblem";
        }
        return "Learner";
    }
}
