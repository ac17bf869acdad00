package uk.ilrledger.schemas.ilr.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.ilrledger.schemas.ilr.xml.IlrFiles.schemaErrors;
import static uk.ilrledger.schemas.ilr.xml.IlrFiles.written;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;

/** Each year's namespace and XSD, and that the XSDs refuse what the DfE's refuse (else validating proves little). */
class IlrSchemaTest {

    @Test
    void eachYearHasItsOwnNamespaceAndSchema() {
        assertThat(IlrSchema.of(CollectionYear.parse("2526")).namespace()).isEqualTo("ESFA/ILR/2025-26");
        assertThat(IlrSchema.of(CollectionYear.parse("2627")).namespace()).isEqualTo("ESFA/ILR/2026-27");
        assertThat(IlrSchema.Y2526.xsd().getPath()).endsWith("/xsd/ILR-2025-26.xsd");
        assertThat(IlrSchema.Y2627.xsd().getPath()).endsWith("/xsd/ILR-2026-27.xsd");
    }

    @Test
    void aYearWithoutASchemaIsNotFound() {
        assertThatThrownBy(() -> IlrSchema.of(CollectionYear.parse("2425")))
                .isInstanceOfSatisfying(DomainProblem.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(DomainProblem.Kind.NOT_FOUND);
                    assertThat(problem.field()).isEqualTo("year");
                })
                .hasMessageContaining("2526").hasMessageContaining("2627").hasMessageContaining("not 2425");
    }

    @Test
    void aFileOfOneYearIsInvalidAgainstAnotherYearsSchema() {
        byte[] file = written(IlrSchema.Y2526, List.of(Learners.minimal("LRN001")));

        assertThat(schemaErrors(IlrSchema.Y2627, file)).singleElement().asString()
                .contains("cvc-elt.1.a").contains("'Message'");
    }

    @Test
    void theSchemaRefusesAFileWithoutLearners() {
        IlrSchema schema = IlrSchema.Y2526;
        String file = new String(written(schema, List.of(Learners.minimal("LRN001"))), StandardCharsets.UTF_8);
        String withoutLearners = file.replaceAll("(?s)\\s*<Learner>.*</Learner>", "");

        assertThat(withoutLearners).doesNotContain("Learner>").contains("</LearningProvider>");
        assertThat(schemaErrors(schema, withoutLearners.getBytes(StandardCharsets.UTF_8)))
                .anySatisfy(error -> assertThat(error).contains("cvc-complex-type.2.4.b").contains("Learner"));
    }

    @Test
    void theSchemaRefusesElementsOutOfOrder() {
        IlrSchema schema = IlrSchema.Y2526;
        String file = new String(written(schema, List.of(Learners.minimal("LRN001"))), StandardCharsets.UTF_8);
        String swapped = file.replaceAll("(<LearnRefNumber>LRN001</LearnRefNumber>)(\\s*)(<ULN>\\d+</ULN>)", "$3$2$1");

        assertThat(swapped).isNotEqualTo(file);
        assertThat(schemaErrors(schema, swapped.getBytes(StandardCharsets.UTF_8)))
                .anySatisfy(error -> assertThat(error).contains("cvc-complex-type.2.4.a").contains("ULN"));
    }

    @Test
    void elementsThe2025To26SchemaDoesNotHaveAreRefused() {
        IlrSchema schema = IlrSchema.Y2526;
        String file = new String(written(schema, List.of(Learners.apprentice("LRN001"))), StandardCharsets.UTF_8);
        // FworkCode went in 2025-26; it sat after ProgType.
        String withFworkCode = file.replaceFirst("(<ProgType>25</ProgType>)", "$1<FworkCode>420</FworkCode>");

        assertThat(schemaErrors(schema, withFworkCode.getBytes(StandardCharsets.UTF_8)))
                .anySatisfy(error -> assertThat(error).contains("FworkCode"));
    }

    @Test
    void fundCompIsIn2025To26ButNotIn2026To27() {
        String he = "<LearningDeliveryHE><TYPEYR>1</TYPEYR><MODESTUD>1</MODESTUD><FUNDCOMP>1</FUNDCOMP>"
                + "<YEARSTU>1</YEARSTU><MSTUFEE>1</MSTUFEE><SPECFEE>0</SPECFEE></LearningDeliveryHE>";
        for (IlrSchema schema : IlrSchema.values()) {
            String file = new String(written(schema, List.of(Learners.minimal("LRN001"))), StandardCharsets.UTF_8)
                    .replace("</CompStatus>", "</CompStatus>" + "\n" + he);
            List<String> errors = schemaErrors(schema, file.getBytes(StandardCharsets.UTF_8));
            if (schema == IlrSchema.Y2526) {
                assertThat(errors).as(schema.label()).isEmpty();
            } else {
                assertThat(errors).as(schema.label()).anySatisfy(error -> assertThat(error).contains("FUNDCOMP"));
            }
        }
    }
}
