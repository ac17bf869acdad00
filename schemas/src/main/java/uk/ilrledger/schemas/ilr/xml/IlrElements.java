package uk.ilrledger.schemas.ilr.xml;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;

/**
 * The simple elements of each entity the ledger holds, in schema order, with what the year's schema
 * allows in each. The writer writes them in this order and the checks test values against the same
 * facets, so a file that passes the checks is valid against the year's XSD. Elements the model does
 * not hold (AddLine1, LearnerFAM, LearningDeliveryHE, …) are not written.
 */
public final class IlrElements {

    /** Why a schema would refuse a value: the first refused character, if any, and the reason. */
    public record Refusal(String character, String reason) {
    }

    /** What the schema allows in one simple element. */
    public sealed interface Facet {
        /** Null when the schema accepts {@code value}. */
        Refusal refusal(Object value);
    }

    /** A RestrictedString (or name) of {@code minLength..maxLength} characters from {@code characters}. */
    public record Text(IlrCharacters characters, int minLength, int maxLength) implements Facet {
        @Override
        public Refusal refusal(Object value) {
            String text = value.toString();
            int refused = characters.firstRefused(text);
            if (refused >= 0) {
                return new Refusal(Character.toString(refused),
                        IlrCharacters.shown(refused) + " is not allowed in " + characters.description());
            }
            // XSD lengths count characters, not UTF-16 units.
            int length = text.codePointCount(0, text.length());
            if (length < minLength || length > maxLength) {
                return new Refusal(null, length + " characters; the schema allows "
                        + (minLength == maxLength ? "exactly " + minLength : minLength + " to " + maxLength));
            }
            return null;
        }
    }

    /** An xs:int or xs:long between {@code min} and {@code max} (totalDigits n is ±(10ⁿ−1)). */
    public record Whole(long min, long max) implements Facet {
        @Override
        public Refusal refusal(Object value) {
            long number = ((Number) value).longValue();
            return number < min || number > max ? new Refusal(null, "the schema allows " + min + " to " + max) : null;
        }
    }

    /** An xs:date, written yyyy-MM-dd. */
    public record Day() implements Facet {
        @Override
        public Refusal refusal(Object value) {
            int year = ((LocalDate) value).getYear();
            return year < 1 || year > 9999 ? new Refusal(null, "the schema allows years 0001 to 9999") : null;
        }
    }

    /** One simple element: its ILR name, the API's name for it, whether the schema requires it, its value. */
    public record Element<T>(String name, String field, boolean mandatory, Function<T, ?> value, Facet facet) {

        /** The value to write, or null when the element is left out (absent or empty optional data). */
        public Object valueOf(T entity) {
            Object value = value().apply(entity);
            return value instanceof String text && text.isEmpty() && !mandatory ? null : value;
        }
    }

    /**
     * An entity (Learner, LearningDelivery, …): its simple elements, then its child groups, which is
     * the order of every entity in the ILR schema.
     */
    public record Entity<T>(String name, List<Element<T>> fields, List<Group<T, ?>> groups) {

        public Entity {
            fields = List.copyOf(fields);
            groups = List.copyOf(groups);
        }

        public Optional<Element<T>> field(String elementName) {
            return fields.stream().filter(f -> f.name().equals(elementName)).findFirst();
        }

        public Optional<Group<T, ?>> group(String elementName) {
            return groups.stream().filter(g -> g.entity().name().equals(elementName)).findFirst();
        }
    }

    /**
     * A child group of an entity: its API field, whether it repeats (a JSON array) or occurs at most
     * once (a JSON object), how to reach the children, and what each child holds.
     */
    public record Group<T, C>(String field, boolean repeated, Function<T, List<C>> children, Entity<C> entity) {
    }

    /** The Learner and everything under it. */
    public final Entity<IlrLearner> learner;
    private static final Map<IlrSchema, IlrElements> BY_YEAR = new EnumMap<>(IlrSchema.class);

    static {
        for (IlrSchema schema : IlrSchema.values()) {
            BY_YEAR.put(schema, new IlrElements(schema));
        }
    }

    public static IlrElements of(IlrSchema schema) {
        return BY_YEAR.get(schema);
    }

    private IlrElements(IlrSchema schema) {
        List<Element<IlrLearner>> learnerFields = List.of(
                required("LearnRefNumber", "learnRefNumber", (IlrLearner l) -> l.learnRefNumber().value(),
                        new Text(IlrCharacters.REFERENCE, 1, 12)),
                required("ULN", "uln", (IlrLearner l) -> l.uln().value(), new Whole(1_000_000_000L, 9_999_999_999L)),
                optional("FamilyName", "familyName", IlrLearner::familyName, new Text(IlrCharacters.NAME, 1, 100)),
                optional("GivenNames", "givenNames", IlrLearner::givenNames, new Text(IlrCharacters.NAME, 1, 100)),
                optional("DateOfBirth", "dateOfBirth", IlrLearner::dateOfBirth, new Day()),
                required("Ethnicity", "ethnicity", IlrLearner::ethnicity, digits(2)),
                required("Sex", "sex", IlrLearner::sex, text(1, 1)),
                required("LLDDHealthProb", "llddHealthProb", IlrLearner::llddHealthProb, digits(1)),
                required("PostcodePrior", "postcodePrior", IlrLearner::postcodePrior, text(1, 8)),
                required("Postcode", "postcode", IlrLearner::postcode, text(1, 8)));
        List<Element<LearnerEmploymentStatus>> learnerEmploymentStatusFields = List.of(
                required("EmpStat", "empStat", LearnerEmploymentStatus::empStat, digits(2)),
                required("DateEmpStatApp", "dateEmpStatApp", LearnerEmploymentStatus::dateEmpStatApp, new Day()),
                optional("EmpId", "empId", LearnerEmploymentStatus::empId, digits(9)));
        List<Element<LearningDelivery>> learningDeliveryFields = List.of(
                required("LearnAimRef", "learnAimRef", LearningDelivery::learnAimRef, text(1, 8)),
                required("AimType", "aimType", LearningDelivery::aimType, digits(1)),
                required("AimSeqNumber", "aimSeqNumber", LearningDelivery::aimSeqNumber, new Whole(1, 98)),
                required("LearnStartDate", "learnStartDate", LearningDelivery::learnStartDate, new Day()),
                optional("OrigLearnStartDate", "origLearnStartDate", LearningDelivery::origLearnStartDate, new Day()),
                required("LearnPlanEndDate", "learnPlanEndDate", LearningDelivery::learnPlanEndDate, new Day()),
                required("FundModel", "fundModel", LearningDelivery::fundModel, digits(2)),
                optional("PHours", "pHours", LearningDelivery::pHours, new Whole(0, 9999)),
                optional("OTJActHours", "otjActHours", LearningDelivery::otjActHours, new Whole(0, 9999)),
                optional("ProgType", "progType", LearningDelivery::progType, digits(2)),
                optional("StdCode", "stdCode", LearningDelivery::stdCode, digits(5)),
                required("DelLocPostCode", "delLocPostCode", LearningDelivery::delLocPostCode, text(1, 8)),
                optional("PriorLearnFundAdj", "priorLearnFundAdj", LearningDelivery::priorLearnFundAdj,
                        new Whole(0, 99)),
                optional("EPAOrgID", "epaOrgId", LearningDelivery::epaOrgId, text(1, schema.epaOrgIdMaxLength())),
                required("CompStatus", "compStatus", LearningDelivery::compStatus, digits(1)),
                optional("LearnActEndDate", "learnActEndDate", LearningDelivery::learnActEndDate, new Day()),
                optional("WithdrawReason", "withdrawReason", LearningDelivery::withdrawReason, digits(2)),
                optional("Outcome", "outcome", LearningDelivery::outcome, digits(1)),
                optional("AchDate", "achDate", LearningDelivery::achDate, new Day()),
                optional("OutGrade", "outGrade", LearningDelivery::outGrade, text(1, 6)),
                optional("SWSupAimId", "swSupAimId", LearningDelivery::swSupAimId, text(1, 36)));
        List<Element<LearningDeliveryFam>> learningDeliveryFamFields = List.of(
                required("LearnDelFAMType", "learnDelFAMType", LearningDeliveryFam::learnDelFAMType, text(1, 3)),
                required("LearnDelFAMCode", "learnDelFAMCode", LearningDeliveryFam::learnDelFAMCode, text(1, 5)),
                optional("LearnDelFAMDateFrom", "learnDelFAMDateFrom", LearningDeliveryFam::learnDelFAMDateFrom,
                        new Day()),
                optional("LearnDelFAMDateTo", "learnDelFAMDateTo", LearningDeliveryFam::learnDelFAMDateTo, new Day()));
        List<Element<AppFinRecord>> appFinRecordFields = List.of(
                required("AFinType", "aFinType", AppFinRecord::aFinType, text(1, 3)),
                required("AFinCode", "aFinCode", AppFinRecord::aFinCode, digits(2)),
                required("AFinDate", "aFinDate", AppFinRecord::aFinDate, new Day()),
                required("AFinAmount", "aFinAmount", AppFinRecord::aFinAmount, new Whole(0, 999_999)));
            Entity<LearningDeliveryFam> fam = new Entity<>("LearningDeliveryFAM", learningDeliveryFamFields, List.of());
        Entity<AppFinRecord> appFin = new Entity<>("AppFinRecord", appFinRecordFields, List.of());
        Entity<LearningDelivery> delivery = new Entity<>("LearningDelivery", learningDeliveryFields, List.of(
                new Group<>("learningDeliveryFams", true, LearningDelivery::learningDeliveryFams, fam),
                new Group<>("appFinRecords", true, LearningDelivery::appFinRecords, appFin)));
        Entity<LearnerEmploymentStatus> employment = new Entity<>("LearnerEmploymentStatus",
                learnerEmploymentStatusFields, List.of());
        learner = new Entity<>("Learner", learnerFields, List.of(
                new Group<>("learnerEmploymentStatuses", true, IlrLearner::learnerEmploymentStatuses, employment),
                new Group<>("learningDeliveries", true, IlrLearner::learningDeliveries, delivery)));
    }

    private static <T> Element<T> required(String name, String field, Function<T, ?> value, Facet facet) {
        return new Element<>(name, field, true, value, facet);
    }

    private static <T> Element<T> optional(String name, String field, Function<T, ?> value, Facet facet) {
        return new Element<>(name, field, false, value, facet);
    }

    private static Text text(int minLength, int maxLength) {
        return new Text(IlrCharacters.RESTRICTED, minLength, maxLength);
    }

    /** xs:int with totalDigits {@code n}: the sign does not count, so -9 passes totalDigits 1. */
    private static Whole digits(int n) {
        long max = (long) Math.pow(10, n) - 1;
        return new Whole(-max, max);
    }
}
