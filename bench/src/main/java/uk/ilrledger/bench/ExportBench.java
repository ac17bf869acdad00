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
import uk.ilrledger.schemas.ilr.xml.IlrFileValidation;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * B3 export: the provider's 2025-26 R14 ILR file, prepared (read once, each learner checked and
 * written) and sent to disk behind its header as the export command does, in bytes per second, over reading the same
 * event-log rows with the same cursor query and writing, for each learner, the record it was
 * registered with as XML elements with StAX to disk (no fold, no checks, one pass; a file of a
 * similar size). The heap is probed inside the timed export, at a quarter of the store's learners (at
 * most 50,000) as the return is read, once it is read, and at the end: live heap after a full GC, and
 * the heap pools' peak since the last probe. Beside it, the time the export took over the time parsing
 * and validating the same file against its XSD takes.
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
            double[] probes = new double[6];
            long[] probeNanos = {0};
            // The learners the return will hold are known only once it has been read: probe at a quarter of
            // the learners the store was built with (at most 50,000), as the return is read and checked.
            int probeAt = Math.max(1, Math.min(50_000, h.options.learners() / 4));
            reset();
            long start = System.nanoTime();
            IlrExports.PreparedExport export = exports.prepare(ukprn, YEAR, PERIOD, null, "bench", false, n -> {
                if (n == probeAt) {
                    long t = System.nanoTime();
                    probes[1] = peak();
                    probes[0] = live();
                    reset();
                    probeNanos[0] += System.nanoTime() - t;
                }
            });
            long t = System.nanoTime();
            probes[3] = peak();
            probes[2] = live();
            reset();
            probeNanos[0] += System.nanoTime() - t;
            int learners = export.learners();
            Path file = directory.resolve(export.fileName());
            write(export, file, n -> {
                if (n == learners) {
                    long at = System.nanoTime();
                    probes[5] = peak();
                    probes[4] = live();
                    probeNanos[0] += System.nanoTime() - at;
                }
            });
            double seconds = (System.nanoTime() - start - probeNanos[0]) / 1e9;
            long bytes = Files.size(file);
            double system = bytes / seconds;
            h.out.printf("B3 system: %s, %,d learners, %s in %.1f s = %.1f MB/s (heap probes took %.1f s, left out)%n",
                    file.getFileName(), learners, Stats.mb(bytes), seconds, system / 1e6, probeNanos[0] / 1e9);
            String heap = f("heap live after GC %s at %,d learners read, %s at %,d read, %s at %,d written "
                    + "(pool peaks %s, %s, %s)", Stats.mb(probes[0]), probeAt, Stats.mb(probes[2]), learners,
                    Stats.mb(probes[4]), learners, Stats.mb(probes[1]), Stats.mb(probes[3]), Stats.mb(probes[5]));
            h.out.println("B3 heap: " + heap);

            // What a user compares the export with: parsing the same file and validating it against its XSD.
            long validateStart = System.nanoTime();
            IlrFileValidation.Result valid = IlrFileValidation.validate(() -> Files.newInputStream(file));
            double validateSeconds = (System.nanoTime() - validateStart) / 1e9;
            if (!valid.valid()) {
                throw new IllegalStateException("the exported file fails its XSD: " + valid.problems());
            }
            if (h.options.learners() <= SAME_BYTES_CHECKED_UP_TO) {
                sameBytes(export, file, directory.resolve("again-" + export.fileName()));
            }
            h.out.printf("B3 export / XSD: the export took %.1f s, parsing and validating the same file against its "
                    + "XSD %.1f s: %.1f× (target ≤ 5×)%n", seconds, validateSeconds, seconds / validateSeconds);
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
                    heap + f("; export %.1f× the XSD parse and validation of the same file (%.1f s, target ≤ 5×)",
                            seconds / validateSeconds, validateSeconds));
        } finally {
            try (var files = Files.list(directory)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(directory);
        }
    }

    /** Small stores only: the check reads the return a second time, which the timed export no longer does. */
    static final int SAME_BYTES_CHECKED_UP_TO = 2_000;

    /**
     * The file again, as it was written before the export read the return once: each learner written
     * straight from the store behind the header (a prepared export's second writing takes that path, as
     * a submission's does). Refuses to go on unless both files hold the same bytes.
     */
    private void sameBytes(IlrExports.PreparedExport export, Path file, Path again) throws Exception {
        write(export, again, n -> { });
        String once = sha256(file);
        String streamed = sha256(again);
        if (!once.equals(streamed)) {
            throw new IllegalStateException("the export read once gives SHA-256 " + once
                    + ", the learners written straight from the store " + streamed);
        }
        h.out.printf("B3 same bytes: read once and written straight from the store, SHA-256 %s both (%s)%n", once,
                Stats.mb(Files.size(file)));
        Files.delete(again);
    }

    private static String sha256(Path file) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (var in = new java.security.DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
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
