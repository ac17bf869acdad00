package uk.ilrledger.app.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What an ILR file says about its learners, parsed rather than compared as text: for each
 * LearnRefNumber, every simple element under the Learner as {@code path=value}, where the path
 * numbers repeated groups ({@code LearningDelivery[2]/AppFinRecord[1]/AFinAmount=500}). The header
 * (dates, serial number) is left out: it differs between any two files by design. Streams, so a
 * large file costs only what {@code summary} keeps per learner.
 */
final class IlrContent {

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private IlrContent() {
    }

    /** Every learner's lines. */
    static Map<String, List<String>> learners(InputStream file) {
        return learners(file, lines -> lines);
    }

    /** Every learner's lines, reduced by {@code summary} (a digest, for large files). */
    static <T> Map<String, T> learners(InputStream file, Function<List<String>, T> summary) {
        Map<String, T> learners = new LinkedHashMap<>();
        try {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(file);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("Learner")) {
                    List<String> lines = learner(xml);
                    String ref = lines.stream().filter(l -> l.startsWith("LearnRefNumber=")).findFirst()
                            .orElseThrow().substring("LearnRefNumber=".length());
                    if (learners.put(ref, summary.apply(lines)) != null) {
                        throw new AssertionError("LearnRefNumber " + ref + " twice in the file");
                    }
                }
            }
            return learners;
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static List<String> learner(XMLStreamReader xml) throws XMLStreamException {
        List<String> lines = new ArrayList<>();
        Deque<String> path = new ArrayDeque<>();
        Deque<Map<String, Integer>> seen = new ArrayDeque<>();
        seen.push(new HashMap<>());
        StringBuilder text = new StringBuilder();
        boolean leaf = false;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                int n = seen.peek().merge(name, 1, Integer::sum);
                path.addLast(n == 1 ? name : name + "[" + n + "]");
                seen.push(new HashMap<>());
                text.setLength(0);
                leaf = true;
            } else if (event == XMLStreamConstants.CHARACTERS) {
                text.append(xml.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (path.isEmpty()) {
                    return lines;
                }
                if (leaf) {
                    lines.add(String.join("/", path) + "=" + text);
                }
                leaf = false;
                path.removeLast();
                seen.pop();
            }
        }
    }
}
