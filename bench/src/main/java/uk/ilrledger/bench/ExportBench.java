package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import uk.ilrledger.query.export.IlrExports;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * B3 export: the provider's 2025-26 R14 ILR file, prepared (checked in one pass) and written (a
 * second pass) to disk as the export command does, in bytes per second, over reading the same
 * event-log rows with the same cursor query and writing, for each learner, the record it was
 * registered with as XML elements with StAX to disk (no fold, no checks, one pass; a file of a
 * similar size). The heap is probed inside the timed export, at a quarter of the learners (at most
 * 50,000) and at the end: live heap after a full GC, and the heap pools' peak since the last probe.
 */
final class ExportBench {

    static final CollectionYear YEAR = CollectionYear.parse("2526");
    static final ReturnPeriod PERIOD = ReturnPeriod.parse("R14");
    private final Bench.Harness h;

    ExportBench(Bench.Harness harness) {
        this.h = harness;
    }

    Bench.Result run() throws Exception {
        IlrExports exports = h.context.getBean(IlrExports.class);
        Ukprn ukprn = new Ukprn(Bench.Harness.PROVIDER);
        Path directory = Files.createTempDirectory("ilr-bench-export");
        try {
            // The heap is probed inside the timed export (a full GC at a quarter of the learners and at the
            // end); the time the probes take is left out of the export's time.
            double[] probes = new double[4];
            long[] probeNanos = {0};
            reset();
            long start = System.nanoTime();
            IlrExports.PreparedExport export = exports.prepare(ukprn, YEAR, PERIOD, null, "bench");
            int learners = export.learners();
            int probeAt = Math.max(1, Math.min(50_000, learners / 4));
            Path file = directory.resolve(export.fileName());
            write(export, file, n -> {
                if (n == probeAt || n == learners) {
                    long t = System.nanoTime();
                    int at = n == probeAt && n != learners ? 0 : 2;
                    probes[at + 1] = peak();
                    probes[at] = live();
                    if (at == 0) {
                        reset();
                    }
                    probeNanos[0] += System.nanoTime() - t;
                }
            });
            double seconds = (System.nanoTime() - start - probeNanos[0]) / 1e9;
            long bytes = Files.size(file);
            double system = bytes / seconds;
            h.out.printf("B3 system: %s, %,d learners, %s in %.1f s = %.1f MB/s (heap probes took %.1f s, left out)%n",
                    file.getFileName(), learners, Stats.mb(bytes), seconds, system / 1e6, probeNanos[0] / 1e9);
            h.out.printf("B3 heap: live after GC %s at %,d learners, %s at %,d; pool peaks %s and %s%n",
                    Stats.mb(probes[0]), probeAt, Stats.mb(probes[2]), learners, Stats.mb(probes[1]),
                    Stats.mb(probes[3]));
            Files.delete(file);

            long ceilingStart = System.nanoTime();
            Path plain = directory.resolve("plain.xml");
            long[] ceilingRows = {0, 0};
            plainExport(plain, ceilingRows);
            double ceilingSeconds = (System.nanoTime() - ceilingStart) / 1e9;
            long ceilingBytes = Files.size(plain);
            double ceiling = ceilingBytes / ceilingSeconds;
            h.out.printf("B3 ceiling: %,d rows of %,d learners read, registered records written as XML with StAX, "
                    + "%s in %.1f s = %.1f MB/s%n", ceilingRows[0], ceilingRows[1], Stats.mb(ceilingBytes),
                    ceilingSeconds, ceiling / 1e6);
            Files.delete(plain);

            double ratio = system / ceiling;
            return new Bench.Result("B3", "export: one R14 file, bytes/s",
                    f("%.1f MB/s (%,d learners, %s in %.1f s)", system / 1e6, learners, Stats.mb(bytes), seconds),
                    f("%.1f MB/s JDBC cursor + StAX (%s, %,d learners)", ceiling / 1e6, Stats.mb(ceilingBytes),
                            ceilingRows[1]), ratio, "≥ 0.6",
                    ratio >= 0.6,
                    f("heap live after GC %s at %,d learners, %s at %,d (pool peaks %s, %s)", Stats.mb(probes[0]),
                            probeAt, Stats.mb(probes[2]), learners, Stats.mb(probes[1]), Stats.mb(probes[3])));
        } finally {
            try (var files = Files.list(directory)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(directory);
        }
    }

    /** As the export command writes: buffered, forced to disk. */
    private static void write(IlrExports.PreparedExport export, Path file, java.util.function.IntConsumer written)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
            export.writeTo(stream, written);
            stream.flush();
            channel.force(true);
        }
    }

    private static void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static double peak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static double live() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The ceiling: the export's own query and cursor, every row's JSON written as XML elements with StAX. */
    private void plainExport(Path file, long[] rows) throws Exception {
        XMLOutputFactory factory = XMLOutputFactory.newInstance();
        JsonFactory json = new JsonFactory();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                Connection c = h.dataSource.getConnection()) {
            c.setAutoCommit(false);
            XMLStreamWriter xml = factory.createXMLStreamWriter(stream, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("Message");
            try (PreparedStatement s = c.prepareStatement("SELECT global_index, learn_ref_number, event_identifier, "
                    + "recorded_at, change_id, effective_date, event_type, payload FROM learner_event_log "
                    + "WHERE ukprn = ? AND global_index <= ? ORDER BY learn_ref_number COLLATE \"C\", global_index")) {
                s.setFetchSize(500);
                s.setInt(1, Bench.Harness.PROVIDER);
                s.setLong(2, h.head());
                String current = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String ref = rs.getString(2);
                        if (!ref.equals(current)) {
                            if (current != null) {
                                xml.writeEndElement();
                            }
                            xml.writeStartElement("Learner");
                            current = ref;
                        }
                        String type = rs.getString(7);
                        String payload = rs.getString(8);
                        rs.getTimestamp(4);
                        if (type.equals("LearnerRegistered")) { // the event log names events by their stable names
                            try (JsonParser parser = json.createParser(payload)) {
                                transcodeRecord(parser, xml);
                            }
                            rows[1]++;
                        }
                        rows[0]++;
                    }
                }
                if (current != null) {
                    xml.writeEndElement();
                }
            }
            c.commit();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            stream.flush();
            channel.force(true);
        }
    }

    /** Writes the {@code record} object of a LearnerRegistered payload, skipping the rest. */
    private static void transcodeRecord(JsonParser parser, XMLStreamWriter xml) throws IOException, XMLStreamException {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            if (token == JsonToken.FIELD_NAME && parser.currentName().equals("record") && parser.getParsingContext()
                    .getParent().inRoot()) {
                parser.nextToken();
                transcode(parser, xml, true);
                return;
            }
        }
    }

    /** JSON to XML elements: a field becomes an element of its name, array items are {@code item}s. */
    private static void transcode(JsonParser parser, XMLStreamWriter xml, boolean atStart)
            throws IOException, XMLStreamException {
        Deque<Boolean> open = new ArrayDeque<>();
        String name = null;
        JsonToken token = atStart ? parser.currentToken() : parser.nextToken();
        boolean root = true;
        for (; token != null; token = parser.nextToken()) {
            switch (token) {
                case FIELD_NAME -> name = parser.currentName();
                case START_OBJECT, START_ARRAY -> {
                    if (root) {
                        root = false;
                        open.push(false);
                    } else {
                        xml.writeStartElement(name == null ? "item" : name);
                        open.push(true);
                    }
                    name = null;
                }
                case END_OBJECT, END_ARRAY -> {
                    if (open.pop()) {
                        xml.writeEndElement();
                    }
                    if (open.isEmpty()) {
                        return;
                    }
                }
                case VALUE_NULL -> name = null;
                default -> {
                    xml.writeStartElement(name == null ? "item" : name);
                    xml.writeCharacters(parser.getText());
                    xml.writeEndElement();
                    name = null;
                }
            }
        }
    }
}
