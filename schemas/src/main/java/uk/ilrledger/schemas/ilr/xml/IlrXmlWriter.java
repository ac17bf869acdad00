package uk.ilrledger.schemas.ilr.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.IntConsumer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import uk.ilrledger.schemas.ilr.xml.IlrElements.Element;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.PersonalFields;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * Writes an ILR XML file with StAX, one learner at a time as they are pulled from an iterator, so
 * memory does not grow with the return. Elements follow the year's schema order; absent optional
 * data is left out. Values are written as they are: run {@link IlrValueChecks} first.
 */
public final class IlrXmlWriter {

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final XMLStreamWriter xml;
    private final OutputStream out;
    private final String namespace;
    private final IlrElements elements;
    private int depth;

    private IlrXmlWriter(XMLStreamWriter xml, OutputStream out, IlrSchema schema) {
        this.xml = xml;
        this.out = out;
        this.namespace = schema.namespace();
        this.elements = IlrElements.of(schema);
    }

    /**
     * Writes the file to {@code out} (left open), calling {@code written} with the number of learners
     * written so far after each one. A return without learners is refused before anything is written:
     * the schema requires at least one Learner.
     */
    public static void write(IlrFileHeader header, Iterator<IlrLearner> learners, OutputStream out,
            IntConsumer written) throws IOException {
        if (!learners.hasNext()) {
            throw DomainProblem.conflict("learners", "the return holds no learner; the DfE refuses an ILR file without one");
        }
        IlrXmlWriter file = start(header, out);
        int count = 0;
        while (learners.hasNext()) {
            file.learner(learners.next());
            written.accept(++count);
        }
        file.finish();
    }

    /**
     * Starts a file on {@code out} (left open): the header and the LearningProvider are written; add
     * learners with {@link #learner}, then {@link #finish}. At least one learner must be added.
     */
    public static IlrXmlWriter start(IlrFileHeader header, OutputStream out) throws IOException {
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            IlrXmlWriter file = new IlrXmlWriter(xml, out, header.schema());
            file.open(header);
            return file;
        } catch (XMLStreamException e) {
            throw new IOException("could not write the ILR file: " + e.getMessage(), e);
        }
    }

    /**
     * Writes learners only, byte for byte as {@link #learner} writes them inside a file of {@code schema}:
     * a file's body written before its header is known, later placed with {@link #learners(InputStream)}.
     * End it with {@link #flush}.
     */
    public static IlrXmlWriter learnersOnly(IlrSchema schema, OutputStream out) throws IOException {
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            xml.setDefaultNamespace(schema.namespace());
            IlrXmlWriter body = new IlrXmlWriter(xml, out, schema);
            body.depth = 1; // inside the Message, as in a file
            return body;
        } catch (XMLStreamException e) {
            throw new IOException("could not write the ILR file: " + e.getMessage(), e);
        }
    }

    /** Places learners written by a {@link #learnersOnly} writer of the same schema into this file. */
    public void learners(InputStream body) throws IOException {
        flush();
        body.transferTo(out);
    }

    /** Passes on what is buffered. */
    public void flush() throws IOException {
        try {
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException("could not write the ILR file: " + e.getMessage(), e);
        }
    }

    /** Writes one learner; erased personal fields as the ILR takes them for a learner it may not identify. */
    public void learner(IlrLearner learner) throws IOException {
        try {
            entity(elements.learner, PersonalFields.asReturned(learner));
        } catch (XMLStreamException e) {
            throw new IOException("could not write learner " + learner.learnRefNumber() + ": " + e.getMessage(), e);
        }
    }

    /** Ends the Message and flushes what is buffered. */
    public void finish() throws IOException {
        try {
            close();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("could not finish the ILR file: " + e.getMessage(), e);
        }
    }

    private void open(IlrFileHeader header) throws XMLStreamException {
        xml.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
        xml.setDefaultNamespace(namespace);
        newLine();
        xml.writeStartElement(namespace, "Message");
        xml.writeDefaultNamespace(namespace);
        depth++;
        header(header);
        open("LearningProvider");
        simple("UKPRN", header.ukprn().value());
        close();
    }

    private void header(IlrFileHeader header) throws XMLStreamException {
        open("Header");
        open("CollectionDetails");
        simple("Collection", IlrFileHeader.COLLECTION);
        simple("Year", header.schema().year());
        simple("FilePreparationDate", header.filePreparationDate());
        close();
        open("Source");
        simple("ProtectiveMarking", IlrFileHeader.PROTECTIVE_MARKING);
        simple("UKPRN", header.ukprn().value());
        simple("SoftwareSupplier", IlrFileHeader.SOFTWARE_SUPPLIER);
        simple("SoftwarePackage", IlrFileHeader.SOFTWARE_PACKAGE);
        simple("Release", IlrFileHeader.RELEASE);
        simple("SerialNo", header.serialNoText());
        simple("DateTime", header.dateTimeText());
        close();
        close();
    }

    /** The entity's element, its simple elements that hold a value, then each child group in order. */
    private <T> void entity(IlrElements.Entity<T> entity, T value) throws XMLStreamException {
        open(entity.name());
        for (Element<T> field : entity.fields()) {
            Object simple = field.valueOf(value);
            if (simple != null) {
                simple(field.name(), simple);
            }
        }
        for (IlrElements.Group<T, ?> group : entity.groups()) {
            children(group, value);
        }
        close();
    }

    private <T, C> void children(IlrElements.Group<T, C> group, T parent) throws XMLStreamException {
        for (C child : group.children().apply(parent)) {
            entity(group.entity(), child);
        }
    }

    /** Numbers as digits (decimals never in exponent form), dates as yyyy-MM-dd, text as it is. */
    private void simple(String name, Object value) throws XMLStreamException {
        newLine();
        xml.writeStartElement(namespace, name);
        xml.writeCharacters(value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
        xml.writeEndElement();
    }

    private void open(String name) throws XMLStreamException {
        newLine();
        xml.writeStartElement(namespace, name);
        depth++;
    }

    private void close() throws XMLStreamException {
        depth--;
        newLine();
        xml.writeEndElement();
    }

    /** Indentation between elements only; it is ignorable whitespace in element-only content. */
    private void newLine() throws XMLStreamException {
        xml.writeCharacters(depth < INDENTS.length ? INDENTS[depth] : "\n" + "  ".repeat(depth));
    }

    /** A new line and the indentation of each depth an ILR file reaches, made once. */
    private static final String[] INDENTS = new String[8];

    static {
        for (int i = 0; i < INDENTS.length; i++) {
            INDENTS[i] = "\n" + "  ".repeat(i);
        }
    }
}
