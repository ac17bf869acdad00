package uk.ilrledger.schemas.ilr.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.LearnerFam;
import uk.ilrledger.schemas.ilr.LearnerHe;
import uk.ilrledger.schemas.ilr.LearningDeliveryHe;
import uk.ilrledger.schemas.ilr.LearningDeliveryWorkPlacement;
import uk.ilrledger.schemas.problems.DomainProblem;

/** What the year's schema would refuse is found before export, every value at once, never altered. */
class IlrValueChecksTest {

    private static List<Offence> offences(IlrSchema schema, IlrLearner... learners) {
        return IlrValueChecks.offences(schema, List.of(learners).iterator());
    }

    @Test
    void namesMayHaveAccentsAndApostrophesButNotDigits() {
        assertThat(offences(IlrSchema.Y2526, Learners.apprentice("LRN001"))).as("Zoë O'Brien-Smith").isEmpty();

        assertThat(offences(IlrSchema.Y2526, Learners.withName(Learners.apprentice("LRN001"), "Smith2")))
                .singleElement().satisfies(offence -> {
                    assertThat(offence.learnRefNumber()).isEqualTo("LRN001");
                    assertThat(offence.element()).isEqualTo("FamilyName");
                    assertThat(offence.field()).isEqualTo("familyName");
                    assertThat(offence.value()).isEqualTo("Smith2");
                    assertThat(offence.character()).isEqualTo("2");
                    assertThat(offence.message()).isEqualTo("learner LRN001, FamilyName \"Smith2\": '2' (U+0032) is not "
                            + "allowed in a name (no digits, |, \", tab or line break)");
                });
    }

    @Test
    void aCharacterOutsideTheDfEsSetIsReportedNotReplaced() {
        IlrLearner learner = Learners.withPostcode(Learners.apprentice("LRN001"), "ZZ99 9ZÉ");

        assertThat(offences(IlrSchema.Y2526, learner)).singleElement().satisfies(offence -> {
            assertThat(offence.element()).isEqualTo("Postcode");
            assertThat(offence.value()).isEqualTo("ZZ99 9ZÉ");
            assertThat(offence.character()).isEqualTo("É");
            assertThat(offence.reason()).startsWith("'É' (U+00C9) is not allowed in the DfE's character set");
        });
        assertThat(learner.postcode()).isEqualTo("ZZ99 9ZÉ");
    }

    @Test
    void everyOffendingValueOfEveryLearnerIsReportedInOneError() {
        IlrLearner first = Learners.withGivenNames(Learners.withName(Learners.apprentice("LRN001"), "O\"Neil"), "Ann\tMarie");
        IlrLearner fine = Learners.apprentice("LRN002");
        IlrLearner third = Learners.withFirstAim(Learners.apprentice("LRN003"), aim -> aim.epaOrgId = "EPA`001");

        List<Offence> offences = offences(IlrSchema.Y2526, first, fine, third);

        assertThat(offences).extracting(Offence::learnRefNumber, Offence::aimSeqNumber, Offence::element,
                Offence::character).containsExactly(
                        org.assertj.core.api.Assertions.tuple("LRN001", null, "FamilyName", "\""),
                        org.assertj.core.api.Assertions.tuple("LRN001", null, "GivenNames", "\t"),
                        org.assertj.core.api.Assertions.tuple("LRN003", 1, "EPAOrgID", "`"));
    }

    @Test
    void anEightCharacterAssessmentOrganisationIsRefusedIn2025To26OnlyAndNamesTheLimit() {
        IlrLearner learner = Learners.withFirstAim(Learners.apprentice("LRN001"), aim -> aim.epaOrgId = "12345678");

        assertThat(offences(IlrSchema.Y2526, learner)).singleElement().extracting(Offence::message)
                .isEqualTo("learner LRN001, aim 1, EPAOrgID \"12345678\": 8 characters; the schema allows 1 to 7");
        assertThat(offences(IlrSchema.Y2627, learner)).isEmpty();
    }

    @Test
    void moreMembersOfAGroupThanTheSchemaAllowsAreReportedWithTheLimit() {
        IlrLearner learner = Learners.with(Learners.apprentice("LRN001"), b -> b.learnerFams = fams(18));

        assertThat(offences(IlrSchema.Y2526, learner)).singleElement().extracting(Offence::message)
                .isEqualTo("learner LRN001, LearnerFAM: 18 of them; the schema allows at most 17");
    }

    @Test
    void anEmailWithoutAnAtSignIsReportedWithThePattern() {
        IlrLearner learner = Learners.with(Learners.apprentice("LRN001"), b -> b.email = "learner.example.com");

        assertThat(offences(IlrSchema.Y2526, learner)).singleElement().extracting(Offence::message)
                .isEqualTo("learner LRN001, Email \"learner.example.com\": the schema allows only the pattern .+@.+");
    }

    @Test
    void aimsNotNumberedOneToNInOrderAreReported() {
        IlrLearner learner = Learners.withFirstAim(Learners.apprentice("LRN001"), aim -> aim.aimSeqNumber = 3);

        assertThat(offences(IlrSchema.Y2526, learner)).singleElement().extracting(Offence::message)
                .isEqualTo("learner LRN001, aim 3, AimSeqNumber \"3\": aims are numbered 1 to n in order; this one should be 1");
    }

    @Test
    void aLearnerWithoutAimsIsReported() {
        IlrLearner learner = Learners.minimal("LRN001").withLearningDeliveries(List.of());

        assertThat(offences(IlrSchema.Y2526, learner)).singleElement().extracting(Offence::message)
                .isEqualTo("learner LRN001, LearningDelivery: a learner needs at least one LearningDelivery");
    }

    /** Values at the edges of the schema, and whether the checks should refuse them. */
    static Stream<Arguments> edges() {
        return Stream.of(
                edge("accents and apostrophes in a name", IlrSchema.Y2526, false,
                        l -> Learners.withName(l, "Zoë O'Brien-Smith")),
                edge("a digit in a name", IlrSchema.Y2526, true, l -> Learners.withName(l, "Smith2")),
                edge("a pipe in a name", IlrSchema.Y2526, true, l -> Learners.withGivenNames(l, "Ann|Marie")),
                edge("a line break in a name", IlrSchema.Y2526, true, l -> Learners.withGivenNames(l, "Ann\nMarie")),
                edge("a control character XML cannot carry", IlrSchema.Y2526, true,
                        l -> Learners.withGivenNames(l, "Ann\u0001")),
                edge("a character beyond the BMP in a name", IlrSchema.Y2526, false,
                        l -> Learners.withGivenNames(l, "Ann \uD83D\uDE00")),
                edge("an accent in a postcode", IlrSchema.Y2526, true, l -> Learners.withPostcode(l, "ZZ99 9ZÉ")),
                edge("a backtick in a FAM code", IlrSchema.Y2526, true, l -> Learners.withFirstAim(l, aim ->
                        aim.learningDeliveryFams = List.of(new uk.ilrledger.schemas.ilr.LearningDeliveryFam("SOF", "1`", null, null)))),
                edge("pound, euro and markup in OutGrade", IlrSchema.Y2526, false,
                        l -> Learners.withFirstAim(l, aim -> aim.outGrade = "£€&<>")),
                edge("a quote in OutGrade", IlrSchema.Y2526, true, l -> Learners.withFirstAim(l, aim -> aim.outGrade = "A\"")),
                edge("EPAOrgID of 8 in 2025-26", IlrSchema.Y2526, true, l -> Learners.withFirstAim(l, aim -> aim.epaOrgId = "EPA00001")),
                edge("EPAOrgID of 8 in 2026-27", IlrSchema.Y2627, false, l -> Learners.withFirstAim(l, aim -> aim.epaOrgId = "EPA00001")),
                edge("EPAOrgID of 9 in 2026-27", IlrSchema.Y2627, true, l -> Learners.withFirstAim(l, aim -> aim.epaOrgId = "EPA000001")),
                edge("Ethnicity of three digits", IlrSchema.Y2526, true, l -> Learners.withEthnicityAndSex(l, 100, "F")),
                edge("a negative Ethnicity passes the schema", IlrSchema.Y2526, false, l -> Learners.withEthnicityAndSex(l, -5, "F")),
                edge("Sex of two characters", IlrSchema.Y2526, true, l -> Learners.withEthnicityAndSex(l, 31, "FM")),
                edge("an empty Sex", IlrSchema.Y2526, true, l -> Learners.withEthnicityAndSex(l, 31, "")),
                edge("PHours of 10000", IlrSchema.Y2526, true, l -> Learners.withFirstAim(l, aim -> aim.pHours = 10_000)),
                edge("FundModel 39 is new but fits", IlrSchema.Y2627, false, l -> Learners.withFirstAim(l, aim -> aim.fundModel = 39)),
                edge("a slash and a backslash in an address line", IlrSchema.Y2526, false,
                        l -> Learners.with(l, b -> b.addLine1 = "Flat 2/B\\3 (rear)")),
                edge("a # in an address line", IlrSchema.Y2526, true, l -> Learners.with(l, b -> b.addLine2 = "Flat #3")),
                edge("an address line of 51", IlrSchema.Y2526, true, l -> Learners.with(l, b -> b.addLine3 = "A".repeat(51))),
                edge("a TelNo of 18 digits", IlrSchema.Y2526, false, l -> Learners.with(l, b -> b.telNo = "9".repeat(18))),
                edge("a TelNo of 19 digits", IlrSchema.Y2526, true, l -> Learners.with(l, b -> b.telNo = "9".repeat(19))),
                edge("a space in a TelNo", IlrSchema.Y2526, true, l -> Learners.with(l, b -> b.telNo = "01632 960000")),
                edge("an Email with something either side of @", IlrSchema.Y2526, false,
                        l -> Learners.with(l, b -> b.email = "a@b")),
                edge("an Email starting with @", IlrSchema.Y2526, true, l -> Learners.with(l, b -> b.email = "@example.com")),
                edge("an Email without @", IlrSchema.Y2526, true, l -> Learners.with(l, b -> b.email = "learner.example.com")),
                edge("a hyphen in CampId", IlrSchema.Y2526, true, l -> Learners.with(l, b -> b.campId = "CAMP-1")),
                edge("an underscore in PrevLearnRefNumber", IlrSchema.Y2526, true,
                        l -> Learners.with(l, b -> b.prevLearnRefNumber = "OLD_1")),
                edge("a UCASPERID of 9 digits", IlrSchema.Y2526, true,
                        l -> Learners.with(l, b -> b.learnerHe = new LearnerHe("123456789", null, null))),
                edge("a UCASSCHEMECODE of 9 digits", IlrSchema.Y2526, false, l -> withHe(l, "123456789", "1.0", null)),
                edge("a UCASSCHEMECODE of 5", IlrSchema.Y2526, true, l -> withHe(l, "AB123", "1.0", null)),
                edge("STULOAD 300.0", IlrSchema.Y2526, false, l -> withHe(l, "AB12", "300.0", null)),
                edge("STULOAD 300.1", IlrSchema.Y2526, true, l -> withHe(l, "AB12", "300.1", null)),
                edge("STULOAD 0.0", IlrSchema.Y2526, true, l -> withHe(l, "AB12", "0.0", null)),
                edge("STULOAD with two decimal places", IlrSchema.Y2526, true, l -> withHe(l, "AB12", "12.25", null)),
                edge("PCOLAB 100.1", IlrSchema.Y2526, true, l -> withHe(l, "AB12", "1.0", "100.1")),
                edge("FUNDCOMP, which 2026-27 leaves out", IlrSchema.Y2627, false, l -> withHe(l, "AB12", "1.0", null)),
                edge("17 LearnerFAMs", IlrSchema.Y2526, false, l -> Learners.with(l, b -> b.learnerFams = fams(17))),
                edge("18 LearnerFAMs", IlrSchema.Y2526, true, l -> Learners.with(l, b -> b.learnerFams = fams(18))),
                edge("WorkPlaceHours 0", IlrSchema.Y2526, true, l -> Learners.withFirstAim(l, aim ->
                        aim.learningDeliveryWorkPlacements = List.of(new LearningDeliveryWorkPlacement(
                                java.time.LocalDate.of(2025, 9, 1), null, 0, 1, null)))));
    }

    /** The first aim with HE data: UCASSCHEMECODE, STULOAD, PCOLAB as given, FUNDCOMP 1, the rest valid. */
    private static IlrLearner withHe(IlrLearner learner, String ucasSchemeCode, String stuLoad, String pcolab) {
        return Learners.withFirstAim(learner, aim -> aim.learningDeliveryHe = new LearningDeliveryHe(null, null, null,
                null, ucasSchemeCode, 1, 1, null, 1, new BigDecimal(stuLoad), 1, 1,
                pcolab == null ? null : new BigDecimal(pcolab), 0, null, null, null, null, null));
    }

    private static List<LearnerFam> fams(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(code -> new LearnerFam("LSR", code)).toList();
    }

    private static Arguments edge(String name, IlrSchema schema, boolean refused, UnaryOperator<IlrLearner> change) {
        return Arguments.of(name, schema, refused, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void theChecksRefuseExactlyWhatTheYearsXsdRefuses(String name, IlrSchema schema, boolean refused,
            UnaryOperator<IlrLearner> change) throws java.io.IOException {
        IlrLearner learner = change.apply(Learners.apprentice("LRN001"));

        List<Offence> offences = offences(schema, learner);
        List<String> xsdErrors = schemaErrors(schema, written(schema, List.of(learner)));

        assertThat(offences).as("offences found by the checks").hasSize(refused ? 1 : 0);
        assertThat(xsdErrors).as("errors of the file written regardless").matches(errors -> refused != errors.isEmpty());
    }

    /** The XSD's complaints about the file the writer makes of {@code learners}, written without checks. */
    private static List<String> schemaErrors(IlrSchema schema, byte[] file) throws java.io.IOException {
        return IlrFileValidation.against(schema, () -> new java.io.ByteArrayInputStream(file)).problems().stream()
                .map(IlrFileValidation.Problem::message).toList();
    }

    private static byte[] written(IlrSchema schema, List<IlrLearner> learners) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        IlrXmlWriter.write(new IlrFileHeader(schema, new uk.ilrledger.schemas.values.Ukprn(10000001),
                java.time.LocalDate.of(2026, 3, 2), 1, java.time.LocalDateTime.of(2026, 3, 2, 9, 0)),
                learners.iterator(), out, n -> { });
        return out.toByteArray();
    }
}
