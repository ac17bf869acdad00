package uk.ilrledger.command.chain;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Signed checkpoints of the learners' chain heads, kept as files outside the database so that
 * whoever can rewrite the database cannot rewrite them. Checkpoint {@code n} lists, for every
 * learner whose chain grew since checkpoint {@code n-1}, its last sequence number, scheme and
 * link; it names the store position it covers, its time and the SHA-256 of checkpoint
 * {@code n-1}, and ends with an HMAC of all that under the chain key. So the checkpoints form a
 * chain of their own: a checkpoint altered, removed or made without the key shows.
 *
 * <p>A file is written once, under a new name, and never rewritten: point the directory at
 * append-only storage to make the last checkpoint safe from the file system's owner too.
 */
public class ChainCheckpoints {

    static final String MAGIC = "ilr-ledger chain checkpoint v1";
    private static final byte[] CHECKPOINT_DOMAIN = "ilr-ledger chain checkpoint v1\n".getBytes(StandardCharsets.UTF_8);
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{12})\\.txt");
    /** Keeps two instances sharing a store from writing checkpoint n at the same time. */
    private static final long ADVISORY_LOCK = 0x11e7_c4a1_4c4bL;

    /** What one written checkpoint covers. */
    public record Written(int number, long position, int learners, Path file) {
    }

    private final DataSource dataSource;
    private final ChainKeyring keys;
    private final Path directory;
    private final Clock clock;

    private Anchors cached = Anchors.NONE;
    private String cachedDigest;

    public ChainCheckpoints(DataSource dataSource, ChainKeyring keys, Path directory, Clock clock) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.directory = directory.toAbsolutePath().normalize();
        this.clock = clock;
    }

    public Path directory() {
        return directory;
    }

    /** Writes the first checkpoint if there is none yet: it fixes which plain SHA-256 links predate the key. */
    public Optional<Written> writeFirstIfNone() {
        return numbers().isEmpty() ? write() : Optional.empty();
    }

    /**
     * Writes a checkpoint of the heads that moved since the last one; nothing when nothing was appended
     * since (or another instance is writing one right now).
     */
    public synchronized Optional<Written> write() {
        try {
            Files.createDirectories(directory);
            restrict(directory, "rwx------");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the checkpoint directory " + directory, e);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return write(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot read the chain heads for a checkpoint", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in " + directory, e);
        }
    }

    private Optional<Written> write(Connection c) throws SQLException, IOException {
        try (Statement s = c.createStatement(); ResultSet lock = s.executeQuery(
                "SELECT pg_try_advisory_xact_lock(" + ADVISORY_LOCK + ")")) {
            lock.next();
            if (!lock.getBoolean(1)) {
                return Optional.empty();
            }
        }
        List<Integer> numbers = numbers();
        int number = numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1;
        String previousDigest = EventHash.GENESIS;
        long previousPosition = -1;
        if (number > 1) {
            Path last = file(number - 1);
            byte[] bytes = Files.readAllBytes(last);
            previousDigest = sha256(bytes);
            previousPosition = Parsed.of(new String(bytes, StandardCharsets.UTF_8)).position();
        }
        long position;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
            rs.next();
            position = rs.getLong(1);
        }
        if (number > 1 && position <= previousPosition) {
            return Optional.empty();
        }
        // The heads go to a temporary file as they are read: the first checkpoint of a big store is big.
        Path body = Files.createTempFile(directory, ".checkpoint-", ".body");
        int learners = 0;
        try {
            try (BufferedWriter out = Files.newBufferedWriter(body, StandardCharsets.UTF_8);
                    PreparedStatement heads = c.prepareStatement(number == 1 ? """
                            SELECT DISTINCT ON (aggregate_identifier) aggregate_identifier, sequence_number, scheme, hash
                            FROM learner_event_chain ORDER BY aggregate_identifier, sequence_number DESC""" : """
                            SELECT DISTINCT ON (c.aggregate_identifier) c.aggregate_identifier, c.sequence_number,
                                   c.scheme, c.hash
                            FROM learner_event_chain c
                            WHERE c.aggregate_identifier IN (SELECT aggregate_identifier FROM domain_event_entry
                                                             WHERE global_index > ? AND global_index <= ?)
                            ORDER BY c.aggregate_identifier, c.sequence_number DESC""")) {
                heads.setFetchSize(2000);
                if (number > 1) {
                    heads.setLong(1, previousPosition);
                    heads.setLong(2, position);
                }
                try (ResultSet rs = heads.executeQuery()) {
                    while (rs.next()) {
                        out.write(rs.getString(1) + "\t" + rs.getLong(2) + "\t" + rs.getString(3) + "\t"
                                + rs.getString(4).strip() + "\n");
                        learners++;
                    }
                }
            }
            ChainKey key = keys.current();
            String header = MAGIC + "\n" + "number\t" + number + "\n" + "previous\t" + previousDigest + "\n"
                    + "position\t" + position + "\n" + "time\t" + clock.instant() + "\n" + "key\t" + key.id() + "\n"
                    + "learners\t" + learners + "\n";
            Mac mac = key.newMac();
            mac.update(CHECKPOINT_DOMAIN);
            mac.update(header.getBytes(StandardCharsets.UTF_8));
            Path staged = Files.createTempFile(directory, ".checkpoint-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(staged, StandardOpenOption.WRITE)) {
                    out.write(header.getBytes(StandardCharsets.UTF_8));
                    byte[] buffer = new byte[1 << 16];
                    try (var in = Files.newInputStream(body)) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            mac.update(buffer, 0, n);
                            out.write(buffer, 0, n);
                        }
                    }
                    out.write(("mac\t" + HexFormat.of().formatHex(mac.doFinal()) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                restrict(staged, "r--------");
                publish(staged, file(number));
            } finally {
                Files.deleteIfExists(staged);
            }
        } finally {
            Files.deleteIfExists(body);
        }
        return Optional.of(new Written(number, position, learners, file(number)));
    }

    /** Gives the staged file its final name, never replacing one that exists (another writer won). */
    private static void publish(Path staged, Path target) throws IOException {
        try {
            Files.createLink(target, staged);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            // No hard links on this file system: a move without REPLACE_EXISTING refuses an existing target too.
            Files.move(staged, target);
        }
    }

    /** Every checkpoint, read and checked again from the files. */
    public Anchors read() {
        Reader reader = new Reader();
        numbers().forEach(reader::read);
        return reader.anchors();
    }

    /**
     * The checkpoints as of now, reading only files added since the last call: for answering one
     * learner at a time. A file changed after it was read shows in the next full {@link #read()}.
     */
    public synchronized Anchors latest() {
        List<Integer> numbers = numbers();
        if (numbers.size() == cached.checkpoints() && (numbers.isEmpty()
                || numbers.get(numbers.size() - 1) == cached.checkpoints())) {
            return cached;
        }
        if (numbers.size() < cached.checkpoints()) {
            cachedDigest = null;
            cached = Anchors.NONE;
        }
        Reader reader = new Reader(cached, cachedDigest);
        numbers.stream().filter(n -> n > reader.lastNumber).forEach(reader::read);
        cached = reader.anchors();
        cachedDigest = reader.previousDigest;
        return cached;
    }

    private final class Reader {
        final Map<String, Anchors.Head> heads;
        final Map<String, Long> plainHeads;
        final List<String> problems;
        int lastNumber;
        int count;
        Instant latest;
        String previousDigest;

        Reader() {
            this(Anchors.NONE, null);
        }

        Reader(Anchors from, String digest) {
            heads = new HashMap<>(from.heads());
            plainHeads = new HashMap<>(from.plainHeads());
            problems = new ArrayList<>(from.problems());
            lastNumber = from.checkpoints();
            count = from.checkpoints();
            latest = from.latest();
            previousDigest = digest == null ? EventHash.GENESIS : digest;
        }

        void read(int number) {
            Path file = file(number);
            if (number != lastNumber + 1) {
                problems.add("checkpoint " + (lastNumber + 1) + (number - lastNumber > 2 ? " to " + (number - 1) : "")
                        + " missing from " + directory + ": removed after it was written");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                problems.add("checkpoint " + number + " cannot be read: " + e.getMessage());
                lastNumber = number;
                count = number;
                return;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            String problem = check(number, text);
            if (problem == null && number == lastNumber + 1 && !Parsed.of(text).previous().equals(previousDigest)) {
                problem = "checkpoint " + number + " does not follow checkpoint " + lastNumber
                        + ": one of them was replaced";
            }
            previousDigest = sha256(bytes);
            lastNumber = number;
            count = number;
            if (problem != null) {
                problems.add(problem);
                return;
            }
            Parsed parsed = Parsed.of(text);
            latest = parsed.time();
            for (String[] line : parsed.lines()) {
                long sequence = Long.parseLong(line[1]);
                heads.put(line[0], new Anchors.Head(sequence, line[3], number, parsed.time()));
                if (number == 1 && line[2].equals(LinkScheme.SHA256.column())) {
                    plainHeads.put(line[0], sequence);
                }
            }
        }

        /** Null when the checkpoint is whole and made with a known key; else what is wrong with it. */
        private String check(int number, String text) {
            Parsed parsed;
            try {
                parsed = Parsed.of(text);
            } catch (RuntimeException e) {
                return "checkpoint " + number + " is not a checkpoint file any more: " + e.getMessage();
            }
            if (parsed.number() != number) {
                return "checkpoint " + number + " says it is checkpoint " + parsed.number() + ": it was renamed";
            }
            Optional<ChainKey> key = keys.key(parsed.keyId());
            if (key.isEmpty()) {
                return "checkpoint " + number + " was made with chain key '" + parsed.keyId()
                        + "', which is not configured (add it to ilr-ledger.chain.retired-keys)";
            }
            Mac mac = key.get().newMac();
            mac.update(CHECKPOINT_DOMAIN);
            mac.update(parsed.signed().getBytes(StandardCharsets.UTF_8));
            if (!MessageDigest.isEqual(HexFormat.of().formatHex(mac.doFinal()).getBytes(StandardCharsets.US_ASCII),
                    parsed.mac().getBytes(StandardCharsets.US_ASCII))) {
                return "checkpoint " + number + " was altered after it was written (its HMAC does not match)";
            }
            return null;
        }

        Anchors anchors() {
            return new Anchors(count, latest, Map.copyOf(heads), Map.copyOf(plainHeads), List.copyOf(problems));
        }
    }

    /** One checkpoint file taken apart. */
    private record Parsed(int number, String previous, long position, Instant time, String keyId, List<String[]> lines,
            String signed, String mac) {

        static Parsed of(String text) {
            int macAt = text.lastIndexOf("mac\t");
            if (!text.startsWith(MAGIC + "\n") || macAt < 0) {
                throw new IllegalArgumentException("no header or no HMAC");
            }
            String signed = text.substring(0, macAt);
            String mac = text.substring(macAt + 4).strip();
            String[] rows = signed.split("\n");
            Map<String, String> header = new TreeMap<>();
            List<String[]> lines = new ArrayList<>();
            for (int i = 1; i < rows.length; i++) {
                String[] cells = rows[i].split("\t");
                if (cells.length == 2 && lines.isEmpty() && !header.containsKey("learners")) {
                    header.put(cells[0], cells[1]);
                } else if (cells.length == 4) {
                    lines.add(cells);
                } else {
                    throw new IllegalArgumentException("line " + (i + 1) + " is malformed");
                }
            }
            return new Parsed(Integer.parseInt(header.get("number")), header.get("previous"),
                    Long.parseLong(header.get("position")), Instant.parse(header.get("time")), header.get("key"), lines,
                    signed, mac);
        }
    }

    private List<Integer> numbers() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> NAME.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + directory, e);
        }
    }

    private Path file(int number) {
        return directory.resolve(String.format("checkpoint-%012d.txt", number));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void restrict(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: its own access rules apply.
        }
    }
}
