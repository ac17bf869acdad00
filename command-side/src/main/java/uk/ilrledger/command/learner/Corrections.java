package uk.ilrledger.command.learner;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Set;
import uk.ilrledger.schemas.ilr.CorrectedFields;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.learner.CorrectedField;
import uk.ilrledger.schemas.learner.ChangeProposal.Correction;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * Applies a correction's fields to the learner's record. The result is built through the record
 * types, so a corrected value is checked exactly as a registered one is.
 */
public class Corrections {

    /** What identifies a learner or an aim cannot be corrected: it is the key history hangs on. */
    private static final Set<String> LEARNER_KEYS = Set.of("learnRefNumber", "learningDeliveries");
    private static final Set<String> AIM_KEYS = Set.of("swSupAimId", "aimSeqNumber");

    private final ObjectMapper json;

    public Corrections(ObjectMapper json) {
        this.json = json;
    }

    public IlrLearner apply(IlrLearner record, Correction correction, List<String> aims) {
        Map<String, Object> learnerFields = correction.learner() == null ? Map.of() : correction.learner();
        Map<String, Object> aimFields = correction.learningDelivery() == null ? Map.of() : correction.learningDelivery();
        if (learnerFields.isEmpty() && aimFields.isEmpty() && correction.addedAims().isEmpty()) {
            throw DomainProblem.invalid("values", "a correction names fields in learner or learningDelivery, or adds aims");
        }
        if (!aimFields.isEmpty() && aims.isEmpty()) {
            throw DomainProblem.invalid("aims", "name the aims whose fields are corrected");
        }
        ObjectNode tree = json.valueToTree(record);
        merge(tree, learnerFields, LEARNER_KEYS, "values.learner.");
        ArrayNode deliveries = (ArrayNode) tree.get("learningDeliveries");
        for (JsonNode delivery : deliveries) {
            if (aims.contains(delivery.path("swSupAimId").asText())) {
                merge((ObjectNode) delivery, aimFields, AIM_KEYS, "values.learningDelivery.");
            }
        }
        for (int i = 0; i < correction.addedAims().size(); i++) {
            LearningDelivery added = correction.addedAims().get(i);
            if (added.swSupAimId() == null || record.aim(added.swSupAimId()).isPresent()) {
                throw DomainProblem.invalid("values.addedAims[" + i + "].swSupAimId",
                        "an added aim needs a SWSupAimId the learner does not hold yet");
            }
            deliveries.add(json.valueToTree(added));
        }
        try {
            return json.treeToValue(tree, IlrLearner.class);
        } catch (JsonMappingException e) {
            String message = e.getCause() instanceof DomainProblem problem ? problem.getMessage() : e.getOriginalMessage();
            throw DomainProblem.invalid(field(e), message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DomainProblem.invalid("values", e.getOriginalMessage());
        }
    }

    /** What an aim's ending is: these take effect from the day the aim ended, not from its start. */
    private static final Set<String> ENDING = Set.of("compStatus", "learnActEndDate", "withdrawReason", "outcome",
            "achDate", "outGrade", "learningDeliveryFams");

    /**
     * The fields an imported file changes, by the date each takes effect from (null: from the start;
     * in date order, null first). The file restates the learner as the provider holds them, so a
     * learner field and an added aim hold from the start, and an aim's other fields from the aim's
     * start; but an ending the file brings (CompStatus, LearnActEndDate, Outcome…) takes effect on
     * the file's LearnActEndDate, and an outcome alone on its AchDate (else the LearnActEndDate), so
     * a withdrawal in May read from a file in June does not show in January's return (decision 14).
     */
    public static Map<LocalDate, List<CorrectedField>> byEffectiveDate(IlrLearner before, IlrLearner after) {
        Map<LocalDate, List<CorrectedField>> byDate = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        List<CorrectedField> changes = CorrectedFields.between(before, after);
        for (CorrectedField change : changes) {
            LocalDate effective = null;
            if (change.field() != null && CorrectedField.LEARNING_DELIVERY.equals(change.entity())) {
                LearningDelivery aim = after.aim(change.aim()).orElseThrow();
                effective = aim.learnStartDate();
                if (ENDING.contains(change.field())) {
                    boolean endChanged = changes.stream().anyMatch(c -> change.aim().equals(c.aim())
                            && ("compStatus".equals(c.field()) || "learnActEndDate".equals(c.field())));
                    LocalDate ended = endChanged ? aim.learnActEndDate()
                            : aim.achDate() != null ? aim.achDate() : aim.learnActEndDate();
                    effective = ended != null ? ended : aim.learnStartDate();
                }
            }
            byDate.computeIfAbsent(effective, d -> new ArrayList<>()).add(change);
        }
        return byDate;
    }

    /** {@code values.learner.uln} or {@code values.learningDelivery.learnPlanEndDate}: where the bad value sits. */
    private static String field(JsonMappingException e) {
        StringBuilder field = new StringBuilder("values.learner");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if ("learningDeliveries".equals(ref.getFieldName())) {
                field = new StringBuilder("values.learningDelivery");
            } else if (ref.getFieldName() != null) {
                field.append('.').append(ref.getFieldName());
            }
        }
        if (e.getCause() instanceof DomainProblem problem && problem.field() != null
                && !field.toString().endsWith("." + problem.field())) {
            field.append('.').append(problem.field());
        }
        return field.toString();
    }

    private void merge(ObjectNode target, Map<String, Object> fields, Set<String> keys, String prefix) {
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (keys.contains(field.getKey())) {
                throw DomainProblem.invalid(prefix + field.getKey(), field.getKey() + " identifies the record and cannot be corrected");
            }
            if (!target.has(field.getKey()) && !knownField(target, field.getKey())) {
                throw DomainProblem.invalid(prefix + field.getKey(), "unknown field");
            }
            target.set(field.getKey(), json.valueToTree(field.getValue()));
        }
    }

    /** Null fields are left out of the JSON, so a field is known when the record type declares it. */
    private static boolean knownField(ObjectNode target, String name) {
        Class<?> type = target.has("learningDeliveries") ? IlrLearner.class : uk.ilrledger.schemas.ilr.LearningDelivery.class;
        for (var component : type.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
