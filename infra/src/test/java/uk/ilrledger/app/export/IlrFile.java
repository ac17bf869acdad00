package uk.ilrledger.app.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;

/** An exported file as a provider would check it: valid against the year's XSD, then read. */
public record IlrFile(IlrSchema schema, Document xml) {

    /** Fails with the XSD's own message when the file is not valid against the year's schema. */
    public static IlrFile valid(IlrSchema schema, byte[] bytes) {
        try {
            SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(schema.xsd()).newValidator()
                    .validate(new StreamSource(new ByteArrayInputStream(bytes)));
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
            assertThat(xml.getDocumentElement().getNamespaceURI()).isEqualTo(schema.namespace());
            return new IlrFile(schema, xml);
        } catch (Exception e) {
            throw new AssertionError("not a valid ILR " + schema.label() + " file: " + e.getMessage(), e);
        }
    }

    /** The text of every element of that name, in document order. */
    public List<String> all(String element) {
        NodeList nodes = xml.getElementsByTagNameNS(schema.namespace(), element);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    /** The text of the one element of that name under the header (Year, SerialNo, DateTime, …). */
    String header(String element) {
        Element header = (Element) xml.getElementsByTagNameNS(schema.namespace(), "Header").item(0);
        NodeList nodes = header.getElementsByTagNameNS(schema.namespace(), element);
        assertThat(nodes.getLength()).as(element).isEqualTo(1);
        return nodes.item(0).getTextContent();
    }

    LocalDateTime dateTime() {
        return LocalDateTime.parse(header("DateTime"));
    }

    LocalDate filePreparationDate() {
        return LocalDate.parse(header("FilePreparationDate"));
    }

    /** AimSeqNumbers of the n-th learner (from 0). */
    List<String> aimSeqNumbers(int learner) {
        Element element = (Element) xml.getElementsByTagNameNS(schema.namespace(), "Learner").item(learner);
        NodeList numbers = element.getElementsByTagNameNS(schema.namespace(), "AimSeqNumber");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < numbers.getLength(); i++) {
            texts.add(numbers.item(i).getTextContent());
        }
        return texts;
    }

    /** {@code ILR-{UKPRN}-{YYYY}-{yyyyMMdd}-{HHmmss}-{NN}.xml} as the header says it should be. */
    String expectedName() {
        LocalDateTime at = dateTime();
        return String.format("ILR-%s-%s-%04d%02d%02d-%02d%02d%02d-%s.xml", header("UKPRN"), header("Year"),
                at.getYear(), at.getMonthValue(), at.getDayOfMonth(), at.getHour(), at.getMinute(), at.getSecond(),
                header("SerialNo"));
    }
}
