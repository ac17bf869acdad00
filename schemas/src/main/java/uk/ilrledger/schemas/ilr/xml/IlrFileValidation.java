package uk.ilrledger.schemas.ilr.xml;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Checks an ILR file against its year's XSD, streaming, and lists what is wrong with line and
 * column. The year is taken from the namespace of the root element. Parsing is locked down: a
 * DOCTYPE is refused outright (ILR files have none), so entity expansion (billion laughs) and
 * external entities (XXE) never happen, and nothing outside the file is ever read.
 */
public final class IlrFileValidation {

    /** At most this many problems are listed; the count goes on. */
    public static final int LISTED = 100;

    /** One thing wrong with the file, where it is. Line and column are 0 when the parser gave none. */
    public record Problem(int line, int column, String message) {
    }

    /** What the check found. {@code schema} is null when the file's year could not be told. */
    public record Result(IlrSchema schema, List<Problem> problems, int problemCount) {

        public boolean valid() {
            return problemCount == 0;
        }
    }

    /** Opens the file afresh: it is read once to find its year and once to validate it. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    private static final Map<IlrSchema, Schema> COMPILED = new EnumMap<>(IlrSchema.class);

    private IlrFileValidation() {
    }

    /** Finds the file's year by its namespace and validates it against that year's XSD. */
    public static Result validate(Source file) throws IOException {
        Result year = yearOf(file);
        return year.valid() ? against(year.schema(), file) : year;
    }

    /**
     * The file's year, found by its root element's namespace, reading no further than that element:
     * a result holding the year's schema and no problem, or the problem that prevents telling (not
     * XML 1.0, a DOCTYPE, an unknown namespace, not well-formed before the root).
     */
    public static Result yearOf(Source file) throws IOException {
        Object root = rootNamespace(file);
        if (root instanceof Problem problem) {
            return new Result(null, List.of(problem), 1);
        }
        return new Result((IlrSchema) root, List.of(), 0);
    }

    /** Validates the file against {@code schema}, whatever its namespace. */
    public static Result against(IlrSchema schema, Source file) throws IOException {
        Collector problems = new Collector();
        try (InputStream in = file.open()) {
            Validator validator = compiled(schema).newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(problems);
            validator.validate(new SAXSource(new TextLengthLimit(lockedDownReader()), new InputSource(in)));
        } catch (TextTooLong e) {
            problems.add(e, e.getMessage());
        } catch (SAXParseException e) {
            // Already collected by fatalError: the file is not well-formed and the check stops there.
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("the XML parser refused its own configuration", e);
        } catch (SAXException e) {
            // Some malformed input stops the parser without a location ("Scanner State 24 not Recognized").
            problems.count++;
            problems.listed.add(new Problem(0, 0, "not well-formed XML: " + cleaned(e.getMessage())));
        }
        return new Result(schema, problems.listed, problems.count);
    }

    /** The year whose namespace the root element is in, or the problem that prevents telling. */
    private static Object rootNamespace(Source file) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = file.open()) {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            try {
                String version = xml.getVersion();
                if (version != null && !version.equals("1.0")) {
                    // XML 1.1 lets a file carry control characters (&#x1;) that no ILR file, export or store can.
                    return new Problem(1, 1, "the file declares XML version " + version
                            + "; ILR files are XML 1.0");
                }
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.DTD) {
                        return doctype(xml.getLocation().getLineNumber(), xml.getLocation().getColumnNumber());
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        String namespace = xml.getNamespaceURI() == null ? "" : xml.getNamespaceURI();
                        for (IlrSchema schema : IlrSchema.values()) {
                            if (schema.namespace().equals(namespace) && "Message".equals(xml.getLocalName())) {
                                return schema;
                            }
                        }
                        return new Problem(xml.getLocation().getLineNumber(), xml.getLocation().getColumnNumber(),
                                "the root element is <" + xml.getLocalName() + "> in namespace '" + namespace
                                        + "'; an ILR file is a <Message> in one of the namespaces "
                                        + Arrays.stream(IlrSchema.values()).map(IlrSchema::namespace).toList());
                    }
                }
                return new Problem(0, 0, "the file holds no XML element");
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNumber();
            return new Problem(Math.max(line, 0), Math.max(column, 0), "not well-formed XML: " + cleaned(e.getMessage()));
        }
    }

    private static Problem doctype(int line, int column) {
        return new Problem(line, column, "the file has a DOCTYPE declaration; ILR files have none, and entities "
                + "are refused because they can expand without limit or read other files");
    }

    private static synchronized Schema compiled(IlrSchema schema) {
        return COMPILED.computeIfAbsent(schema, year -> {
            try {
                SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                return factory.newSchema(year.xsd());
            } catch (SAXException e) {
                throw new IllegalStateException("the " + year.label() + " XSD does not compile", e);
            }
        });
    }

    /** A namespace-aware SAX reader that refuses any DOCTYPE and reads nothing external. */
    private static XMLReader lockedDownReader() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setXIncludeAware(false);
            return factory.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the XML parser cannot be locked down", e);
        }
    }

    /** Longest text an element may hold: far above any ILR field, far below what makes the XSD's patterns slow. */
    static final int MAX_TEXT = 10_000;

    /**
     * Stops the check at an element's text longer than {@link #MAX_TEXT}: matching the XSD's patterns
     * against megabytes of text takes the validator minutes, and no ILR field holds more than a few
     * hundred characters.
     */
    private static final class TextLengthLimit extends XMLFilterImpl {
        private Locator locator;
        private long length;

        TextLengthLimit(XMLReader parent) {
            super(parent);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
            super.setDocumentLocator(locator);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            length = 0;
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            length = 0;
            super.endElement(uri, localName, qName);
        }

        @Override
        public void characters(char[] ch, int start, int count) throws SAXException {
            length += count;
            if (length > MAX_TEXT) {
                throw new TextTooLong(locator);
            }
            super.characters(ch, start, count);
        }
    }

    private static final class TextTooLong extends SAXParseException {
        TextTooLong(Locator locator) {
            super("an element's text is longer than " + MAX_TEXT + " characters; no ILR field holds that much",
                    locator);
        }
    }

    /** The parser's message, without the prefix that repeats where it was. */
    private static String cleaned(String message) {
        if (message == null) {
            return "unreadable";
        }
        int detail = message.indexOf("Message: ");
        return detail >= 0 ? message.substring(detail + "Message: ".length()) : message;
    }

    private static final class Collector implements ErrorHandler {
        private final List<Problem> listed = new ArrayList<>();
        private int count;

        @Override
        public void warning(SAXParseException e) {
            // Warnings do not make a file invalid.
        }

        @Override
        public void error(SAXParseException e) {
            add(e, e.getMessage());
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            String message = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? doctype(e.getLineNumber(), e.getColumnNumber()).message()
                    : "not well-formed XML: " + e.getMessage();
            add(e, message);
            throw e;
        }

        private void add(SAXParseException e, String message) {
            count++;
            if (listed.size() < LISTED) {
                listed.add(new Problem(Math.max(e.getLineNumber(), 0), Math.max(e.getColumnNumber(), 0), message));
            }
        }
    }
}
