package uk.ilrledger.schemas.ilr.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.ilrledger.schemas.ilr.xml.IlrFiles.children;
import static uk.ilrledger.schemas.ilr.xml.IlrFiles.parsed;
import static uk.ilrledger.schemas.ilr.xml.IlrFiles.schemaErrors;
import static uk.ilrledger.schemas.ilr.xml.IlrFiles.text;
import static uk.ilrledger.schemas.ilr.xml.IlrFiles.texts;
import static uk.ilrledger.schemas.ilr.xml.IlrFiles.written;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.problems.DomainProblem;

/** Files written from in-memory returns, validated against each year's XSD and read back. */
class IlrXmlWriterTest {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    @ParameterizedTest
    @EnumSource(IlrSchema.class)
    void aReturnIsValidAgainstItsYearsSchema(IlrSchema schema) {
        byte[] file = written(schema, List.of(Learners.apprentice("LRN001"), Learners.minimal("LRN002")));

        assertThat(schemaErrors(schema, file)).isEmpty();
        Document xml = parsed(file);
        assertThat(xml.getDocumentElement().getNamespaceURI()).isEqualTo(schema.namespace());
        assertThat(text(schema, xml, "/i:Message/i:Header/i:CollectionDetails/i:Year")).isEqualTo(schema.year());
        assertThat(texts(schema, xml, "/i:Message/i:Learner/i:LearnRefNumber")).containsExactly("LRN001", "LRN002");
    }

    @ParameterizedTest
    @EnumSource(IlrSchema.class)
    void aLearnerWithEveryElementWritesEveryElementTheYearsSchemaHasUnderLearner(IlrSchema schema) {
        byte[] file = written(schema, List.of(Learners.everyElement("LRN001")));

        assertThat(schemaErrors(schema, file)).isEmpty();
        Set<String> writtenNames = new HashSet<>();
        NodeList nodes = IlrFiles.select(schema, parsed(file), "//i:Learner/descendant-or-self::*");
        for (int i = 0; i < nodes.getLength(); i++) {
            writtenNames.add(nodes.item(i).getLocalName());
        }
        assertThat(writtenNames).containsExactlyInAnyOrderElementsOf(elementsUnderLearner(schema));
    }

    @ParameterizedTest
    @EnumSource(IlrSchema.class)
    void aFileReadBackThroughTheElementTreeGivesTheSameLearner(IlrSchema schema) throws Exception {
        IlrLearner learner = Learners.everyElement("LRN001");
        Document xml = parsed(written(schema, List.of(learner, Learners.minimal("LRN002"))));
        IlrElements elements = IlrElements.of(schema);

        List<IlrLearner> readBack = new ArrayList<>();
        for (Element node : childElements(xml.getDocumentElement())) {
            if (node.getLocalName().equals("Learner")) {
                readBack.add(JSON.treeToValue(json(elements.learner, node), IlrLearner.class));
            }
        }

        assertThat(readBack.get(1)).isEqualTo(Learners.minimal("LRN002"));
        if (schema.hasFundComp()) {
            assertThat(readBack.get(0)).isEqualTo(learner);
        } else {
            assertThat(readBack.get(0)).usingRecursiveComparison()
                    .ignoringFields("learningDeliveries.learningDeliveryHe.fundComp").isEqualTo(learner);
            assertThat(readBack.get(0).learningDeliveries().get(0).learningDeliveryHe().fundComp())
                    .as("FUNDCOMP, which 2026-27 removed").isNull();
        }
    }

    @Test
    void theHeaderCarriesTheProviderYearPreparationDateSerialNumberAndDateTime() {
        IlrSchema schema = IlrSchema.Y2526;
        byte[] file = written(schema, List.of(Learners.minimal("LRN001")));

        assertThat(new String(file, StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Message xmlns=\"ESFA/ILR/2025-26\">");
        Document xml = parsed(file);
        assertThat(children(schema, xml, "/i:Message")).containsExactly("Header", "LearningProvider", "Learner");
        String details = "/i:Message/i:Header/i:CollectionDetails/i:";
        assertThat(text(schema, xml, details + "Collection")).isEqualTo("ILR");
        assertThat(text(schema, xml, details + "Year")).isEqualTo("2526");
        assertThat(text(schema, xml, details + "FilePreparationDate")).isEqualTo("2026-03-02");
        String source = "/i:Message/i:Header/i:Source/i:";
        assertThat(text(schema, xml, source + "ProtectiveMarking")).isEqualTo("OFFICIAL-SENSITIVE-Personal");
        assertThat(text(schema, xml, source + "UKPRN")).isEqualTo("10000001");
        assertThat(text(schema, xml, source + "SoftwareSupplier")).isEqualTo("ILR Ledger");
        assertThat(text(schema, xml, source + "SoftwarePackage")).isEqualTo("ILR Ledger");
        assertThat(text(schema, xml, source + "Release")).isEqualTo("0.1.0");
        assertThat(text(schema, xml, source + "SerialNo")).isEqualTo("07");
        assertThat(text(schema, xml, source + "DateTime")).isEqualTo("2026-03-02T09:30:05");
        assertThat(text(schema, xml, "/i:Message/i:LearningProvider/i:UKPRN")).isEqualTo("10000001");
    }

    @Test
    void elementsAreInTheSchemaOrder() {
        IlrSchema schema = IlrSchema.Y2526;
        Document xml = parsed(written(schema, List.of(Learners.apprentice("LRN001"))));

        assertThat(children(schema, xml, "/i:Message/i:Learner")).containsExactly("LearnRefNumber", "ULN",
                "FamilyName", "GivenNames", "DateOfBirth", "Ethnicity", "Sex", "LLDDHealthProb", "PostcodePrior",
                "Postcode", "LearnerEmploymentStatus", "LearnerEmploymentStatus", "LearningDelivery", "LearningDelivery");
        assertThat(children(schema, xml, "/i:Message/i:Learner/i:LearningDelivery[1]")).containsExactly("LearnAimRef",
                "AimType", "AimSeqNumber", "LearnStartDate", "OrigLearnStartDate", "LearnPlanEndDate", "FundModel",
                "PHours", "OTJActHours", "ProgType", "StdCode", "DelLocPostCode", "PriorLearnFundAdj", "EPAOrgID",
                "CompStatus", "LearnActEndDate", "WithdrawReason", "Outcome", "SWSupAimId", "LearningDeliveryFAM",
                "LearningDeliveryFAM", "AppFinRecord", "AppFinRecord");
        assertThat(children(schema, xml, "/i:Message/i:Learner/i:LearnerEmploymentStatus[1]"))
                .containsExactly("EmpStat", "DateEmpStatApp", "EmpId");
        assertThat(children(schema, xml, "/i:Message/i:Learner/i:LearningDelivery[1]/i:LearningDeliveryFAM[1]"))
                .containsExactly("LearnDelFAMType", "LearnDelFAMCode", "LearnDelFAMDateFrom", "LearnDelFAMDateTo");
        assertThat(children(schema, xml, "/i:Message/i:Learner/i:LearningDelivery[1]/i:AppFinRecord[1]"))
                .containsExactly("AFinType", "AFinCode", "AFinDate", "AFinAmount");
        assertThat(text(schema, xml, "//i:LearningDelivery[1]/i:LearnStartDate")).isEqualTo("2025-09-01");
    }

    @Test
    void absentAndEmptyOptionalDataIsLeftOutNotWrittenBlank() {
        IlrSchema schema = IlrSchema.Y2526;
        IlrLearner learner = Learners.withFirstAim(Learners.minimal("LRN001"), aim -> aim.outGrade = "");
        byte[] file = written(schema, List.of(learner));

        assertThat(schemaErrors(schema, file)).isEmpty();
        Document xml = parsed(file);
        assertThat(children(schema, xml, "/i:Message/i:Learner")).containsExactly("LearnRefNumber", "ULN",
                "Ethnicity", "Sex", "LLDDHealthProb", "PostcodePrior", "Postcode", "LearningDelivery");
        assertThat(children(schema, xml, "/i:Message/i:Learner/i:LearningDelivery")).containsExactly("LearnAimRef",
                "AimType", "AimSeqNumber", "LearnStartDate", "LearnPlanEndDate", "FundModel", "DelLocPostCode",
                "CompStatus");
        assertThat(texts(schema, xml, "//*[not(*) and string-length(.) = 0]")).as("empty elements").isEmpty();
    }

    @Test
    void aimSeqNumbersRunFromOneForEachLearner() {
        IlrSchema schema = IlrSchema.Y2526;
        Document xml = parsed(written(schema, List.of(Learners.apprentice("LRN001"), Learners.minimal("LRN002"),
                Learners.apprentice("LRN003"))));

        assertThat(texts(schema, xml, "/i:Message/i:Learner[1]/i:LearningDelivery/i:AimSeqNumber")).containsExactly("1", "2");
        assertThat(texts(schema, xml, "/i:Message/i:Learner[2]/i:LearningDelivery/i:AimSeqNumber")).containsExactly("1");
        assertThat(texts(schema, xml, "/i:Message/i:Learner[3]/i:LearningDelivery/i:AimSeqNumber")).containsExactly("1", "2");
    }

    @Test
    void textIsWrittenInUtf8WithMarkupCharactersEscaped() {
        IlrSchema schema = IlrSchema.Y2526;
        IlrLearner learner = Learners.withFirstAim(Learners.apprentice("LRN001"), aim -> aim.outGrade = "A&<£€>");
        byte[] file = written(schema, List.of(learner));

        assertThat(schemaErrors(schema, file)).isEmpty();
        Document xml = parsed(file);
        assertThat(text(schema, xml, "//i:Learner/i:FamilyName")).isEqualTo("Zoë O'Brien-Smith");
        assertThat(text(schema, xml, "//i:LearningDelivery[1]/i:OutGrade")).isEqualTo("A&<£€>");
        assertThat(new String(file, StandardCharsets.UTF_8)).contains("<OutGrade>A&amp;&lt;£€&gt;</OutGrade>");
    }

    @Test
    void learnersArePulledOneAtATimeAndTheFileStaysValidAtScale() throws Exception {
        IlrSchema schema = IlrSchema.Y2627;
        int total = 20_000;
        int[] pulled = {0};
        Iterator<IlrLearner> learners = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pulled[0] < total;
            }

            @Override
            public IlrLearner next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return Learners.apprentice("L" + ++pulled[0]);
            }
        };
        List<Integer> lagBehindPull = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        IlrXmlWriter.write(IlrFiles.header(schema), learners, out, written -> {
            if (written != pulled[0]) {
                lagBehindPull.add(written);
            }
        });

        assertThat(pulled[0]).isEqualTo(total);
        assertThat(lagBehindPull).as("learners pulled ahead of being written").isEmpty();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(schema.xsd()).newValidator()
                .validate(new StreamSource(new ByteArrayInputStream(out.toByteArray())));
    }

    @Test
    void anEmptyReturnIsRefusedBeforeAnythingIsWritten() {
        int[] bytes = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }
        };

        assertThatThrownBy(() -> IlrXmlWriter.write(IlrFiles.header(IlrSchema.Y2526), List.<IlrLearner>of().iterator(),
                counting, written -> { }))
                .isInstanceOfSatisfying(DomainProblem.class,
                        problem -> assertThat(problem.kind()).isEqualTo(DomainProblem.Kind.CONFLICT))
                .hasMessageContaining("no learner");
        assertThat(bytes[0]).isZero();
    }

    /** The names of every element declared under Learner in the year's XSD, Learner included. */
    private static Set<String> elementsUnderLearner(IlrSchema schema) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document xsd = factory.newDocumentBuilder().parse(schema.xsd().openStream());
            NodeList declared = xsd.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "element");
            for (int i = 0; i < declared.getLength(); i++) {
                Element learner = (Element) declared.item(i);
                if (learner.getAttribute("name").equals("Learner")) {
                    Set<String> names = new HashSet<>(Set.of("Learner"));
                    NodeList under = learner.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "element");
                    for (int j = 0; j < under.getLength(); j++) {
                        names.add(((Element) under.item(j)).getAttribute("name"));
                    }
                    return names;
                }
            }
            throw new AssertionError("no Learner in " + schema.xsd());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JSON an importer makes of an entity's element with the element tree: simple elements by
     * their field name (numbers for whole and decimal facets, text otherwise), repeated groups as
     * arrays and single groups as objects.
     */
    private static <T> ObjectNode json(IlrElements.Entity<T> entity, Element node) {
        ObjectNode json = JSON.createObjectNode();
        for (Element child : childElements(node)) {
            String name = child.getLocalName();
            Optional<IlrElements.Element<T>> simple = entity.field(name);
            if (simple.isPresent()) {
                String text = child.getTextContent();
                IlrElements.Facet facet = simple.get().facet();
                String field = simple.get().field();
                if (facet instanceof IlrElements.Whole) {
                    json.put(field, Long.parseLong(text));
                } else if (facet instanceof IlrElements.Decimal) {
                    json.put(field, new BigDecimal(text));
                } else {
                    json.put(field, text);
                }
            } else {
                IlrElements.Group<T, ?> group = entity.group(name).orElseThrow(() -> new AssertionError(name));
                ObjectNode member = json(group.entity(), child);
                if (group.repeated()) {
                    json.withArray(group.field()).add(member);
                } else {
                    json.set(group.field(), member);
                }
            }
        }
        return json;
    }

    private static List<Element> childElements(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                children.add(element);
            }
        }
        return children;
    }
}
