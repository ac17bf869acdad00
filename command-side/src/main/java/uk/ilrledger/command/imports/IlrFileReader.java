package uk.ilrledger.command.imports;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.xml.IlrElements;
import uk.ilrledger.schemas.ilr.xml.IlrElements.Element;
import uk.ilrledger.schemas.ilr.xml.IlrElements.Entity;
import uk.ilrledger.schemas.ilr.xml.IlrElements.Group;
import uk.ilrledger.schemas.ilr.xml.IlrFileValidation.Problem;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * Reads an ILR file one learner at a time with StAX, so memory does not grow with the file. Each
 * Learner element becomes JSON through the same element table the writer uses, then an
 * {@link IlrLearner}, so a value the ledger would refuse through the API is refused here too.
 * Validate the file against its XSD first: this reader trusts the structure.
 */
final class IlrFileReader implements AutoCloseable {

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** What the file says about itself before its learners. */
    record Header(String learningProviderUkprn, int ukprnLine, int ukprnColumn, String filePreparationDate,
            String dateTime) {
    }

    /**
     * One learner read from the file, or why it cannot be: exactly one of the two is set. The lines
     * are the Learner's start tag and each LearningDelivery's, in the file's order.
     */
    record Read(IlrLearner learner, Problem problem, String learnRefNumber, int line, List<Integer> aimLines) {

        /** The line of the aim at {@code index}, else the learner's. */
        int aimLine(int index) {
            return index >= 0 && index < aimLines.size() ? aimLines.get(index) : line;
        }
    }

    private final XMLStreamReader xml;
    private final ObjectMapper json;
    private final Entity<IlrLearner> learnerEntity;
    private final Set<String> notHeld = new TreeSet<>();
    private Header header;
    private List<Integer> aimLines = new ArrayList<>();

    IlrFileReader(InputStream in, IlrSchema schema, ObjectMapper json) throws XMLStreamException {
        this.xml = FACTORY.createXMLStreamReader(in);
        this.json = json;
        this.learnerEntity = IlrElements.of(schema).learner;
    }

    /** The header, read up to the first Learner. */
    Header header() throws XMLStreamException {
        if (header == null) {
            Deque<String> path = new ArrayDeque<>();
            Map<String, String> values = new HashMap<>();
            int ukprnLine = 0;
            int ukprnColumn = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (path.size() == 1 && "Learner".equals(xml.getLocalName())) {
                        break;
                    }
                    path.addLast(xml.getLocalName());
                    String where = String.join("/", path);
                    if (where.equals("Message/LearningProvider/UKPRN")) {
                        ukprnLine = xml.getLocation().getLineNumber();
                        ukprnColumn = xml.getLocation().getColumnNumber();
                    }
                    if (where.equals("Message/LearningProvider/UKPRN")
                            || where.equals("Message/Header/CollectionDetails/FilePreparationDate")
                            || where.equals("Message/Header/Source/DateTime")) {
                        values.put(where, xml.getElementText().trim());
                        path.removeLast();
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    path.removeLast();
                }
            }
            header = new Header(values.get("Message/LearningProvider/UKPRN"), ukprnLine, ukprnColumn,
                    values.get("Message/Header/CollectionDetails/FilePreparationDate"),
                    values.get("Message/Header/Source/DateTime"));
        }
        return header;
    }

    /** The next learner, or empty at the end of the file. */
    Optional<Read> next() throws XMLStreamException {
        header();
        while (xml.getEventType() != XMLStreamConstants.START_ELEMENT || !"Learner".equals(xml.getLocalName())) {
            if (!xml.hasNext()) {
                return Optional.empty();
            }
            xml.next();
        }
        int line = xml.getLocation().getLineNumber();
        int column = xml.getLocation().getColumnNumber();
        aimLines = new ArrayList<>();
        ObjectNode node = entity(learnerEntity);
        List<Integer> lines = List.copyOf(aimLines);
        xml.next(); // past </Learner>
        String ref = node.path("learnRefNumber").asText();
        try {
            return Optional.of(new Read(json.treeToValue(node, IlrLearner.class), null, ref, line, lines));
        } catch (JsonMappingException e) {
            String field = fieldOf(e);
            String message = e.getCause() instanceof DomainProblem problem ? problem.getMessage() : e.getOriginalMessage();
            return Optional.of(new Read(null, new Problem(line, column,
                    "Learner " + ref + ": " + (field.isEmpty() ? "" : field + ": ") + message), ref, line, lines));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.of(new Read(null, new Problem(line, column, "Learner " + ref + ": " + e.getOriginalMessage()),
                    ref, line, lines));
        }
    }

    /** Elements in the file that the ledger does not hold, by name; their values are not imported. */
    Set<String> notHeld() {
        return notHeld;
    }

    /** Reads the entity whose start tag is current, up to and including its end tag. */
    private <T> ObjectNode entity(Entity<T> entity) throws XMLStreamException {
        ObjectNode node = json.createObjectNode();
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            Optional<Element<T>> field = entity.field(name);
            if (field.isPresent()) {
                put(node, field.get(), xml.getElementText());
                continue;
            }
            Optional<Group<T, ?>> group = entity.group(name);
            if (group.isPresent()) {
                if (entity == (Object) learnerEntity && "LearningDelivery".equals(name)) {
                    aimLines.add(xml.getLocation().getLineNumber());
                }
                ObjectNode child = entity(group.get().entity());
                if (group.get().repeated()) {
                    node.withArray(group.get().field()).add(child);
                } else {
                    node.set(group.get().field(), child);
                }
                continue;
            }
            notHeld.add(entity.name() + "/" + name);
            skip();
        }
        return node;
    }

    /**
     * Numbers and dates as the schema reads them (whitespace collapsed, a date's time zone dropped);
     * text exactly as written, since the schema keeps its spaces.
     */
    private static void put(ObjectNode node, Element<?> element, String text) {
        IlrElements.Facet facet = element.facet();
        if (facet instanceof IlrElements.Whole) {
            node.put(element.field(), Long.parseLong(stripPlus(text.trim())));
        } else if (facet instanceof IlrElements.Decimal) {
            node.put(element.field(), new java.math.BigDecimal(text.trim()));
        } else if (facet instanceof IlrElements.Day) {
            String date = text.trim();
            node.put(element.field(), date.length() > 10 ? date.substring(0, 10) : date);
        } else {
            node.put(element.field(), text);
        }
    }

    private static String stripPlus(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }

    /** Skips the current element and everything in it. */
    private void skip() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** {@code learningDeliveries[1].learnStartDate}: where in the learner the bad value sits. */
    private static String fieldOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        if (e.getCause() instanceof DomainProblem problem && problem.field() != null
                && !field.toString().endsWith(problem.field())) {
            field.append(field.isEmpty() ? "" : ".").append(problem.field());
        }
        return field.toString();
    }

    @Override
    public void close() throws XMLStreamException {
        xml.close();
    }
}
