package uk.ilrledger.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.testsupport.TestKafka;

/**
 * The evidence store's disk full: the {@code evidence} table (where uploaded files are kept) sits in
 * a tablespace on a tmpfs of a few megabytes, as an operator would put it on a volume of its own,
 * while eight clients raise and approve changes. An upload that does not fit is answered 507 as a
 * problem naming the file, and leaves nothing: no row, nothing a change could cite. The ledger's
 * own writes go on (events are on another disk), and once the disk is made larger the same upload
 * is stored with no restart. Mounting needs root, as CI runs; elsewhere the test is skipped.
 */
@BesideTheOtherTests
class EvidenceDiskFullTest {

    static final int DISK_MB = 8;
    static final int FILE_BYTES = 1_500_000;
    static final long SEED = 20261206L;

    @TempDir
    Path work;

    private OwnPostgres postgres;
    private LedgerService service;
    private Path disk;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.kill();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (disk != null && run("umount", disk.toString()) != 0) {
            run("umount", "-l", disk.toString());
        }
    }

    @Test
    void anUploadTheEvidenceDiskHasNoRoomForIsA507ProblemAndLeavesNothingWhileApprovalsGoOn() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "a full evidence disk is simulated with a tmpfs of "
                + DISK_MB + " MB, and mounting one needs root (CI runs as root); not root here");
        postgres = OwnPostgres.start(work.resolve("postgres"));
        Path mountPoint = Files.createDirectories(work.resolve("evidence-disk"));
        assertThat(run("mount", "-t", "tmpfs", "-o", "size=" + DISK_MB + "m,mode=0700", "ilr-evidence-disk",
                mountPoint.toString())).as("mount a tmpfs of " + DISK_MB + " MB at " + mountPoint).isZero();
        disk = mountPoint;
        String topic = "faults-disk-" + UUID.randomUUID();
        service = LedgerService.on(work, postgres.database(), TestKafka.bootstrapServers(), topic);
        LedgerClient client = new LedgerClient(service);
        service.start(client.http());
        ChangeLoad load = ChangeLoad.prepare(client, "DISK");
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLESPACE evidence_disk LOCATION '" + disk + "'");
            statement.execute("ALTER TABLE evidence SET TABLESPACE evidence_disk");
        }
        load.start();
        load.awaitMoreApprovals(20, ChangeLoad.GUARD);

        Random random = new Random(SEED);
        List<byte[]> accepted = new ArrayList<>();
        byte[] refusedFile = null;
        LedgerClient.Answer refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            byte[] file = letter(random);
            LedgerClient.Answer upload = client.upload("raiser", "statement-" + i + ".txt", file);
            if (upload.status() == 201) {
                accepted.add(file);
            } else {
                refused = upload;
                refusedFile = file;
            }
        }
        assertThat(refused).as("an upload the disk had no room for").isNotNull();
        String refusedId = sha256(refusedFile);
        long rowsWhenFull = evidenceRows();
        long refusedRows = evidenceRows(refusedId);
        LedgerClient.Answer citing = client.post("raiser", ChangeLoad.PROVIDER + "/learners/" + load.learners().get(0)
                + "/changes", Map.of("type", "CHANGE_OF_EMPLOYER", "effectiveDate", "2026-07-30",
                "values", Map.of("empId", 100000002), "reason", "Learner told us", "evidence", List.of(refusedId)));
        load.awaitMoreApprovals(20, ChangeLoad.GUARD);

        assertThat(run("mount", "-o", "remount,size=64m", disk.toString())).as("make the disk larger").isZero();
        LedgerClient.Answer retried = client.upload("raiser", "statement-retried.txt", refusedFile);
        load.stop();

        StoreAudit.Findings findings = StoreAudit.of(client, postgres.database(), TestKafka.bootstrapServers(), topic,
                load.acknowledged());
        SortedMap<Integer, Integer> serverErrors = new TreeMap<>(load.serverErrors());
        serverErrors.merge(refused.status(), 1, Integer::sum);
        String fault = "evidence disk full (" + DISK_MB + " MB tmpfs), then enlarged";
        System.out.println(StoreAudit.HEADER + "\n" + findings.row(fault, serverErrors));
        System.out.printf("Evidence disk full: %d files of %,d bytes stored, the next answered %d: %s%n",
                accepted.size(), FILE_BYTES, refused.status(), refused.text());

        assertThat(refused.status()).as(refused.text()).isEqualTo(507);
        assertThat(refused.isProblem()).as(refused.contentType() + " " + refused.text()).isTrue();
        assertThat(refused.at("/type")).isEqualTo("urn:ilr-ledger:problem:insufficient-storage");
        assertThat(refused.at("/errors/0/field")).isEqualTo("file");
        assertThat(refusedRows).as("rows of the refused file").isZero();
        assertThat(rowsWhenFull).as("the note the changes cite and the files that fitted").isEqualTo(1 + accepted.size());
        assertThat(citing.status()).as("a change citing the refused file: " + citing.text()).isEqualTo(400);
        assertThat(citing.at("/errors/0/field")).isEqualTo("evidence[0]");
        assertThat(retried.status()).as("the same file once the disk has room: " + retried.text()).isEqualTo(201);
        assertThat(retried.at("/evidenceId")).isEqualTo(refusedId);
        assertThat(evidenceRows(refusedId)).isEqualTo(1);
        assertThat(load.unexpected()).as("answers no client should get").isEmpty();
        assertThat(load.serverErrors()).as("5xx answers to the raises and approvals").isEmpty();
        findings.assertNothingLostOrDoubled();
    }

    /** {@value #FILE_BYTES} bytes of made-up text that does not compress, so each file takes its size on disk. */
    private static byte[] letter(Random random) {
        StringBuilder text = new StringBuilder(FILE_BYTES);
        while (text.length() < FILE_BYTES) {
            text.append(random.nextInt(10) == 0 ? (random.nextInt(8) == 0 ? '\n' : ' ') : (char) ('a' + random.nextInt(26)));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private long evidenceRows() throws SQLException {
        try (Connection connection = postgres.connect(); Statement query = connection.createStatement();
             ResultSet count = query.executeQuery("SELECT count(*) FROM evidence")) {
            count.next();
            return count.getLong(1);
        }
    }

    private long evidenceRows(String evidenceId) throws SQLException {
        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM evidence WHERE evidence_id = ?")) {
            query.setString(1, evidenceId);
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            System.out.println(String.join(" ", command) + ": " + output);
        }
        return process.exitValue();
    }
}
