package uk.ilrledger.schemas.ilr.xml;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import uk.ilrledger.schemas.ilr.AppFinRecord;
import uk.ilrledger.schemas.ilr.EmploymentStatusMonitoring;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerEmploymentStatus;
import uk.ilrledger.schemas.ilr.LearnerFam;
import uk.ilrledger.schemas.ilr.LearnerHe;
import uk.ilrledger.schemas.ilr.LearnerHeFinancialSupport;
import uk.ilrledger.schemas.ilr.LearningDelivery;
import uk.ilrledger.schemas.ilr.LearningDeliveryFam;
import uk.ilrledger.schemas.ilr.LearningDeliveryHe;
import uk.ilrledger.schemas.ilr.LearningDeliveryWorkPlacement;
import uk.ilrledger.schemas.ilr.LlddAndHealthProblem;
import uk.ilrledger.schemas.ilr.PriorAttain;
import uk.ilrledger.schemas.ilr.ProviderSpecDeliveryMonitoring;
import uk.ilrledger.schemas.ilr.ProviderSpecLearnerMonitoring;

/**
 * Every element under the Learner in the year's schema, as a tree of entities in schema order, with
 * what the schema allows in each simple element and how often each group may occur. The writer
 * writes them in this order and the checks test values against the same facets, so a file that
 * passes the checks is valid against the year's XSD. An element a year's schema does not have
 * (FUNDCOMP from 2026-27) is not in that year's tree.
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

    /** A {@link Text} that must also match the schema's pattern, e.g. Email's {@code .+@.+}. */
    public record Matching(Text text, Pattern pattern) implements Facet {

        public Matching(Text text, String regex) {
            this(text, Pattern.compile(regex));
        }

        @Override
        public Refusal refusal(Object value) {
            Refusal refusal = text.refusal(value);
            if (refusal != null) {
                return refusal;
            }
            return pattern.matcher(value.toString()).matches() ? null
                    : new Refusal(null, "the schema allows only the pattern " + pattern.pattern());
        }
    }

    /** An xs:decimal between {@code min} and {@code max} with at most {@code fractionDigits} decimal places. */
    public record Decimal(BigDecimal min, BigDecimal max, int fractionDigits) implements Facet {
        @Override
        public Refusal refusal(Object value) {
            BigDecimal number = (BigDecimal) value;
            // fractionDigits counts the value's digits, so 12.50 has one.
            if (number.stripTrailingZeros().scale() > fractionDigits) {
                return new Refusal(null, "the schema allows " + fractionDigits + " decimal place"
                        + (fractionDigits == 1 ? "" : "s"));
            }
            return number.compareTo(min) < 0 || number.compareTo(max) > 0
                    ? new Refusal(null, "the schema allows " + min.toPlainString() + " to " + max.toPlainString())
                    : null;
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
     * once (a JSON object), how to reach the children (a list of 0 or 1 for a single group), what each
     * child holds, and how many the schema allows ({@link #UNBOUNDED} when it sets no limit).
     */
    public record Group<T, C>(String field, boolean repeated, Function<T, List<C>> children, Entity<C> entity,
            int maxOccurs) {

        public static final int UNBOUNDED = Integer.MAX_VALUE;
    }

    /** xs:int 10000000..99999999: UKPRN, PrevUKPRN, PMUKPRN, PartnerUKPRN. */
    private static final Whole UKPRN = new Whole(10_000_000, 99_999_999);
    /** AddLine1 to AddLine4. */
    private static final Text ADDRESS_LINE = new Text(IlrCharacters.ADDRESS, 1, 50);

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
        Entity<LearningDelivery> delivery = new Entity<>("LearningDelivery", deliveryFields(schema), List.of(
                repeated("learningDeliveryFams", LearningDelivery::learningDeliveryFams, fam()),
                repeated("learningDeliveryWorkPlacements", LearningDelivery::learningDeliveryWorkPlacements,
                        workPlacement()),
                repeated("appFinRecords", LearningDelivery::appFinRecords, appFinRecord()),
                repeated("providerSpecDeliveryMonitorings", LearningDelivery::providerSpecDeliveryMonitorings,
                        deliveryMonitoring(), 4),
                single("learningDeliveryHe", LearningDelivery::learningDeliveryHe, deliveryHe(schema))));
        learner = new Entity<>("Learner", learnerFields(), List.of(
                repeated("priorAttains", IlrLearner::priorAttains, priorAttain()),
                repeated("llddAndHealthProblems", IlrLearner::llddAndHealthProblems, llddAndHealthProblem(), 22),
                repeated("learnerFams", IlrLearner::learnerFams, learnerFam(), 17),
                repeated("providerSpecLearnerMonitorings", IlrLearner::providerSpecLearnerMonitorings,
                        learnerMonitoring(), 2),
                repeated("learnerEmploymentStatuses", IlrLearner::learnerEmploymentStatuses, employmentStatus()),
                single("learnerHe", IlrLearner::learnerHe, learnerHe()),
                repeated("learningDeliveries", IlrLearner::learningDeliveries, delivery)));
    }

    private static List<Element<IlrLearner>> learnerFields() {
        return List.of(
                required("LearnRefNumber", "learnRefNumber", (IlrLearner l) -> l.learnRefNumber().value(),
                        new Text(IlrCharacters.REFERENCE, 1, 12)),
                optional("PrevLearnRefNumber", "prevLearnRefNumber", IlrLearner::prevLearnRefNumber,
                        new Text(IlrCharacters.REFERENCE, 1, 12)),
                optional("PrevUKPRN", "prevUkprn", IlrLearner::prevUkprn, UKPRN),
                optional("PMUKPRN", "pmUkprn", IlrLearner::pmUkprn, UKPRN),
                optional("CampId", "campId", IlrLearner::campId, new Text(IlrCharacters.ALPHANUMERIC, 1, 8)),
                required("ULN", "uln", (IlrLearner l) -> l.uln().value(), new Whole(1_000_000_000L, 9_999_999_999L)),
                optional("FamilyName", "familyName", IlrLearner::familyName, new Text(IlrCharacters.NAME, 1, 100)),
                optional("GivenNames", "givenNames", IlrLearner::givenNames, new Text(IlrCharacters.NAME, 1, 100)),
                optional("DateOfBirth", "dateOfBirth", IlrLearner::dateOfBirth, new Day()),
                required("Ethnicity", "ethnicity", IlrLearner::ethnicity, digits(2)),
                required("Sex", "sex", IlrLearner::sex, text(1, 1)),
                required("LLDDHealthProb", "llddHealthProb", IlrLearner::llddHealthProb, digits(1)),
                optional("NINumber", "niNumber", IlrLearner::niNumber, text(1, 9)),
                optional("Accom", "accom", IlrLearner::accom, digits(1)),
                optional("ALSCost", "alsCost", IlrLearner::alsCost, new Whole(0, 999_999)),
                optional("PlanLearnHours", "planLearnHours", IlrLearner::planLearnHours, new Whole(0, 9999)),
                optional("PlanEEPHours", "planEepHours", IlrLearner::planEepHours, new Whole(0, 9999)),
                optional("MathGrade", "mathGrade", IlrLearner::mathGrade, text(1, 4)),
                optional("EngGrade", "engGrade", IlrLearner::engGrade, text(1, 4)),
                required("PostcodePrior", "postcodePrior", IlrLearner::postcodePrior, text(1, 8)),
                required("Postcode", "postcode", IlrLearner::postcode, text(1, 8)),
                optional("AddLine1", "addLine1", IlrLearner::addLine1, ADDRESS_LINE),
                optional("AddLine2", "addLine2", IlrLearner::addLine2, ADDRESS_LINE),
                optional("AddLine3", "addLine3", IlrLearner::addLine3, ADDRESS_LINE),
                optional("AddLine4", "addLine4", IlrLearner::addLine4, ADDRESS_LINE),
                optional("TelNo", "telNo", IlrLearner::telNo, new Text(IlrCharacters.DIGITS, 1, 18)),
                optional("Email", "email", IlrLearner::email, new Matching(text(1, 100), ".+@.+")));
    }

    private static Entity<PriorAttain> priorAttain() {
        return new Entity<>("PriorAttain", List.of(
                required("PriorLevel", "priorLevel", PriorAttain::priorLevel, digits(2)),
                required("DateLevelApp", "dateLevelApp", PriorAttain::dateLevelApp, new Day())), List.of());
    }

    private static Entity<LlddAndHealthProblem> llddAndHealthProblem() {
        return new Entity<>("LLDDandHealthProblem", List.of(
                required("LLDDCat", "llddCat", LlddAndHealthProblem::llddCat, digits(2)),
                optional("PrimaryLLDD", "primaryLldd", LlddAndHealthProblem::primaryLldd, digits(1))), List.of());
    }

    private static Entity<LearnerFam> learnerFam() {
        return new Entity<>("LearnerFAM", List.of(
                required("LearnFAMType", "learnFAMType", LearnerFam::learnFAMType, text(1, 3)),
                required("LearnFAMCode", "learnFAMCode", LearnerFam::learnFAMCode, digits(3))), List.of());
    }

    private static Entity<ProviderSpecLearnerMonitoring> learnerMonitoring() {
        return new Entity<>("ProviderSpecLearnerMonitoring", List.of(
                required("ProvSpecLearnMonOccur", "provSpecLearnMonOccur",
                        ProviderSpecLearnerMonitoring::provSpecLearnMonOccur, text(1, 1)),
                required("ProvSpecLearnMon", "provSpecLearnMon", ProviderSpecLearnerMonitoring::provSpecLearnMon,
                        text(1, 20))), List.of());
    }

    private static Entity<LearnerEmploymentStatus> employmentStatus() {
        Entity<EmploymentStatusMonitoring> monitoring = new Entity<>("EmploymentStatusMonitoring", List.of(
                required("ESMType", "esmType", EmploymentStatusMonitoring::esmType, text(1, 3)),
                required("ESMCode", "esmCode", EmploymentStatusMonitoring::esmCode, digits(2))), List.of());
        return new Entity<>("LearnerEmploymentStatus", List.of(
                required("EmpStat", "empStat", LearnerEmploymentStatus::empStat, digits(2)),
                required("DateEmpStatApp", "dateEmpStatApp", LearnerEmploymentStatus::dateEmpStatApp, new Day()),
                optional("EmpId", "empId", LearnerEmploymentStatus::empId, digits(9))), List.of(
                repeated("employmentStatusMonitorings", LearnerEmploymentStatus::employmentStatusMonitorings,
                        monitoring, 10)));
    }

    private static Entity<LearnerHe> learnerHe() {
        Entity<LearnerHeFinancialSupport> support = new Entity<>("LearnerHEFinancialSupport", List.of(
                required("FINTYPE", "finType", LearnerHeFinancialSupport::finType, digits(1)),
                required("FINAMOUNT", "finAmount", LearnerHeFinancialSupport::finAmount, new Whole(0, 999_999))),
                List.of());
        return new Entity<>("LearnerHE", List.of(
                optional("UCASPERID", "ucasPerId", LearnerHe::ucasPerId, new Text(IlrCharacters.DIGITS, 10, 10)),
                optional("TTACCOM", "ttAccom", LearnerHe::ttAccom, digits(1))), List.of(
                repeated("learnerHeFinancialSupports", LearnerHe::learnerHeFinancialSupports, support, 4)));
    }

    private static List<Element<LearningDelivery>> deliveryFields(IlrSchema schema) {
        return List.of(
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
                optional("PartnerUKPRN", "partnerUkprn", LearningDelivery::partnerUkprn, UKPRN),
                required("DelLocPostCode", "delLocPostCode", LearningDelivery::delLocPostCode, text(1, 8)),
                optional("LSDPostcode", "lsdPostcode", LearningDelivery::lsdPostcode, text(1, 8)),
                optional("AddHours", "addHours", LearningDelivery::addHours, new Whole(0, 9999)),
                optional("PriorLearnFundAdj", "priorLearnFundAdj", LearningDelivery::priorLearnFundAdj,
                        new Whole(0, 99)),
                optional("OtherFundAdj", "otherFundAdj", LearningDelivery::otherFundAdj, new Whole(0, 999)),
                optional("ConRefNumber", "conRefNumber", LearningDelivery::conRefNumber, text(1, 20)),
                optional("EPAOrgID", "epaOrgId", LearningDelivery::epaOrgId, text(1, schema.epaOrgIdMaxLength())),
                required("CompStatus", "compStatus", LearningDelivery::compStatus, digits(1)),
                optional("LearnActEndDate", "learnActEndDate", LearningDelivery::learnActEndDate, new Day()),
                optional("WithdrawReason", "withdrawReason", LearningDelivery::withdrawReason, digits(2)),
                optional("Outcome", "outcome", LearningDelivery::outcome, digits(1)),
                optional("AchDate", "achDate", LearningDelivery::achDate, new Day()),
                optional("OutGrade", "outGrade", LearningDelivery::outGrade, text(1, 6)),
                optional("SWSupAimId", "swSupAimId", LearningDelivery::swSupAimId, text(1, 36)),
                optional("TLOut", "tlOut", LearningDelivery::tlOut, digits(2)));
    }

    private static Entity<LearningDeliveryFam> fam() {
        return new Entity<>("LearningDeliveryFAM", List.of(
                required("LearnDelFAMType", "learnDelFAMType", LearningDeliveryFam::learnDelFAMType, text(1, 3)),
                required("LearnDelFAMCode", "learnDelFAMCode", LearningDeliveryFam::learnDelFAMCode, text(1, 5)),
                optional("LearnDelFAMDateFrom", "learnDelFAMDateFrom", LearningDeliveryFam::learnDelFAMDateFrom,
                        new Day()),
                optional("LearnDelFAMDateTo", "learnDelFAMDateTo", LearningDeliveryFam::learnDelFAMDateTo, new Day())),
                List.of());
    }

    private static Entity<LearningDeliveryWorkPlacement> workPlacement() {
        return new Entity<>("LearningDeliveryWorkPlacement", List.of(
                required("WorkPlaceStartDate", "workPlaceStartDate", LearningDeliveryWorkPlacement::workPlaceStartDate,
                        new Day()),
                optional("WorkPlaceEndDate", "workPlaceEndDate", LearningDeliveryWorkPlacement::workPlaceEndDate,
                        new Day()),
                required("WorkPlaceHours", "workPlaceHours", LearningDeliveryWorkPlacement::workPlaceHours,
                        new Whole(1, 9999)),
                required("WorkPlaceMode", "workPlaceMode", LearningDeliveryWorkPlacement::workPlaceMode, digits(1)),
                optional("WorkPlaceEmpId", "workPlaceEmpId", LearningDeliveryWorkPlacement::workPlaceEmpId,
                        digits(9))), List.of());
    }

    private static Entity<AppFinRecord> appFinRecord() {
        return new Entity<>("AppFinRecord", List.of(
                required("AFinType", "aFinType", AppFinRecord::aFinType, text(1, 3)),
                required("AFinCode", "aFinCode", AppFinRecord::aFinCode, digits(2)),
                required("AFinDate", "aFinDate", AppFinRecord::aFinDate, new Day()),
                required("AFinAmount", "aFinAmount", AppFinRecord::aFinAmount, new Whole(0, 999_999))), List.of());
    }

    private static Entity<ProviderSpecDeliveryMonitoring> deliveryMonitoring() {
        return new Entity<>("ProviderSpecDeliveryMonitoring", List.of(
                required("ProvSpecDelMonOccur", "provSpecDelMonOccur",
                        ProviderSpecDeliveryMonitoring::provSpecDelMonOccur, text(1, 1)),
                required("ProvSpecDelMon", "provSpecDelMon", ProviderSpecDeliveryMonitoring::provSpecDelMon,
                        text(1, 20))), List.of());
    }

    private static Entity<LearningDeliveryHe> deliveryHe(IlrSchema schema) {
        List<Element<LearningDeliveryHe>> fields = new ArrayList<>(List.of(
                optional("SSN", "ssn", LearningDeliveryHe::ssn, text(1, 13)),
                optional("QUALENT3", "qualEnt3", LearningDeliveryHe::qualEnt3, text(1, 3)),
                optional("SOC", "soc", LearningDeliveryHe::soc, digits(4)),
                optional("SEC", "sec", LearningDeliveryHe::sec, digits(1)),
                optional("UCASSCHEMECODE", "ucasSchemeCode", LearningDeliveryHe::ucasSchemeCode,
                        new Matching(text(4, 9), "[a-zA-Z]{2}[0-9]{2}|[0-9]{9}")),
                required("TYPEYR", "typeYr", LearningDeliveryHe::typeYr, digits(1)),
                required("MODESTUD", "modeStud", LearningDeliveryHe::modeStud, digits(2)),
                optional("FUNDLEV", "fundLev", LearningDeliveryHe::fundLev, digits(2))));
        if (schema.hasFundComp()) {
            fields.add(optional("FUNDCOMP", "fundComp", LearningDeliveryHe::fundComp, digits(1)));
        }
        fields.addAll(List.of(
                optional("STULOAD", "stuLoad", LearningDeliveryHe::stuLoad, decimal("0.1", "300.0")),
                required("YEARSTU", "yearStu", LearningDeliveryHe::yearStu, new Whole(1, 98)),
                required("MSTUFEE", "mStuFee", LearningDeliveryHe::mStuFee, digits(2)),
                optional("PCOLAB", "pcolab", LearningDeliveryHe::pcolab, decimal("0.1", "100.0")),
                required("SPECFEE", "specFee", LearningDeliveryHe::specFee, digits(1)),
                optional("NETFEE", "netFee", LearningDeliveryHe::netFee, new Whole(0, 999_999)),
                optional("GROSSFEE", "grossFee", LearningDeliveryHe::grossFee, new Whole(0, 999_999)),
                optional("PERMADDCOUNTRY", "permAddCountry", LearningDeliveryHe::permAddCountry, text(1, 2)),
                optional("ELQ", "elq", LearningDeliveryHe::elq, digits(1)),
                optional("HEPostCode", "hePostCode", LearningDeliveryHe::hePostCode, text(1, 8))));
        return new Entity<>("LearningDeliveryHE", fields, List.of());
    }

    private static <T, C> Group<T, C> repeated(String field, Function<T, List<C>> children, Entity<C> entity) {
        return repeated(field, children, entity, Group.UNBOUNDED);
    }

    private static <T, C> Group<T, C> repeated(String field, Function<T, List<C>> children, Entity<C> entity,
            int maxOccurs) {
        return new Group<>(field, true, children, entity, maxOccurs);
    }

    /** A group that occurs at most once: its children are the one value, or none when it is null. */
    private static <T, C> Group<T, C> single(String field, Function<T, C> child, Entity<C> entity) {
        return new Group<>(field, false, parent -> {
            C value = child.apply(parent);
            return value == null ? List.of() : List.of(value);
        }, entity, 1);
    }

    private static <T> Element<T> required(String name, String field, Function<T, ?> value, Facet facet) {
        return new Element<>(name, field, true, value, facet);
    }

    private static <T> Element<T> optional(String name, String field, Function<T, ?> value, Facet facet) {
        return new Element<>(name, field, false, value, facet);
    }

    private static Decimal decimal(String min, String max) {
        return new Decimal(new BigDecimal(min), new BigDecimal(max), 1);
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
