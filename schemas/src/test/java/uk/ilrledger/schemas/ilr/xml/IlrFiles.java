package uk.ilrledger.schemas.ilr.xml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.values.Ukprn;

/** Writing files in memory, validating them against the year's XSD, reading them back with XPath. */
final class IlrFiles {

    static final Ukprn UKPRN = new Ukprn(10000001);

    private IlrFiles() {
    }

    static IlrFileHeader header(IlrSchema schema) {
        return new IlrFileHeader(schema, UKPRN, LocalDate.of(2026, 3, 2), 7, LocalDateTime.of(2026, 3, 2, 9, 30, 5));
    }

    static byte[] written(IlrSchema schema, List<IlrLearner> learners) {
        return written(header(schema), learners.iterator());
    }

    static byte[] written(IlrFileHeader header, Iterator<IlrLearner> learners) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            IlrXmlWriter.write(header, learners, out, written -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every error the year's XSD reports on the file (not well-formed XML is one error); empty when valid. */
    static List<String> schemaErrors(IlrSchema schema, byte[] file) {
        try {
            return IlrFileValidation.against(schema, () -> new ByteArrayInputStream(file)).problems().stream()
                    .map(problem -> "line " + problem.line() + ": " + problem.message())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Document parsed(byte[] file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(file));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of each node {@code path} selects; {@code i:} is the ILR namespace of the file's year. */
    static List<String> texts(IlrSchema schema, Document file, String path) {
        NodeList nodes = select(schema, file, path);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    static String text(IlrSchema schema, Document file, String path) {
        List<String> texts = texts(schema, file, path);
        if (texts.size() != 1) {
            throw new AssertionError(path + " selects " + texts.size() + " nodes");
        }
        return texts.get(0);
    }

    /** The local names of the child elements of the node {@code path} selects. */
    static List<String> children(IlrSchema schema, Document file, String path) {
        NodeList nodes = select(schema, file, path);
        if (nodes.getLength() != 1) {
            throw new AssertionError(path + " selects " + nodes.getLength() + " nodes");
        }
        List<String> names = new ArrayList<>();
        for (Node child = nodes.item(0).getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                names.add(child.getLocalName());
            }
        }
        return names;
    }

    static NodeList select(IlrSchema schema, Document file, String path) {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new javax.xml.namespace.NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return prefix.equals("i") ? schema.namespace() : XMLConstants.NULL_NS_URI;
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String namespaceURI) {
                return null;
            }
        });
        try {
            return (NodeList) xpath.evaluate(path, file, XPathConstants.NODESET);
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }
}
