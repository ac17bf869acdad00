package uk.ilrledger.command.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.postgresql.PGStatement;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.EvidenceId;
import uk.ilrledger.schemas.values.FreeText;

/**
 * Evidence files in PostgreSQL, addressed by the SHA-256 of their content. The type is decided by
 * the bytes (Tika's magic detection), not by the name or the client's Content-Type.
 */
@Component
public class EvidenceStore {

    /** Types an approver can open: PDF, images, plain text, e-mail and Office documents. */
    static final Set<MediaType> ALLOWED = Set.of(
            MediaType.application("pdf"),
            MediaType.image("png"),
            MediaType.image("jpeg"),
            MediaType.TEXT_PLAIN,
            MediaType.parse("message/rfc822"),
            MediaType.application("x-tika-msoffice"),
            MediaType.application("x-tika-ooxml"),
            MediaType.application("msword"),
            MediaType.application("vnd.ms-excel"),
            MediaType.application("vnd.ms-outlook"));

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final Clock clock;
    private final EvidenceAllowlist allowlist;
    private final Tika tika = new Tika();
    private final MediaTypeRegistry registry = MediaTypeRegistry.getDefaultRegistry();

    public EvidenceStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate, Clock clock, EvidenceAllowlist allowlist) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.clock = clock;
        this.allowlist = allowlist;
    }

    /**
     * Stores the file unless the same bytes are already stored; answers what is stored. Every upload,
     * the API's and the screens', comes through here, so the name and the allowlist are checked here:
     * a 400 on {@code file} for an empty file or a name that is a path, holds control characters or
     * is over 255 characters; {@link UnsupportedEvidenceType} for content not on the allowlist.
     */
    @Transactional
    public StoredEvidence store(byte[] content, String fileName, String uploadedBy) {
        // Shown to approvers and auditors beside every change that cites the file.
        FreeText.fileName("file", fileName, 255);
        if (content.length == 0) {
            throw DomainProblem.invalid("file", "the evidence file is empty");
        }
        allowlist.check(content, fileName);
        MediaType type = detect(content, fileName);
        EvidenceId id = new EvidenceId(sha256(content));
        try {
            jdbc.sql("""
                    INSERT INTO evidence (evidence_id, file_name, media_type, size, content, uploaded_by, uploaded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (evidence_id) DO NOTHING""")
                    .params(id.sha256(), fileName == null ? "unnamed" : fileName, type.toString(), content.length,
                            content, uploadedBy, java.sql.Timestamp.from(Instant.now(clock)))
                    .update();
        } catch (DataAccessException e) {
            throw EvidenceStoreFull.ifDiskFull(e, content.length);
        }
        return find(id).orElseThrow();
    }

    /**
     * Stores an imported ILR file as evidence, streamed from disk rather than held in memory. The
     * caller has checked it (an XSD-valid ILR file) and computed its SHA-256, which is its id.
     */
    @Transactional
    public StoredEvidence storeImportedFile(Path file, EvidenceId id, String fileName, String importedBy)
            throws IOException {
        if (find(id).isEmpty()) {
            long size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                insertStreamed(in, id, fileName, size, importedBy);
            } catch (DataAccessException e) {
                throw EvidenceStoreFull.ifDiskFull(e, size);
            }
        }
        return find(id).orElseThrow();
    }

    private void insertStreamed(InputStream in, EvidenceId id, String fileName, long size, String importedBy) {
        jdbcTemplate.update("""
                INSERT INTO evidence (evidence_id, file_name, media_type, size, content, uploaded_by, uploaded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (evidence_id) DO NOTHING""", ps -> {
            ps.setString(1, id.sha256());
            ps.setString(2, fileName);
            ps.setString(3, "application/xml");
            ps.setLong(4, size);
            ps.setBinaryStream(5, in, size);
            ps.setString(6, importedBy);
            ps.setTimestamp(7, java.sql.Timestamp.from(Instant.now(clock)));
        });
    }

    /** Writes the stored file's bytes to {@code to}; false when no such file is stored. */
    public boolean copyTo(EvidenceId id, Path to) {
        Boolean found = jdbcTemplate.query(connection -> {
            PreparedStatement select = connection.prepareStatement("SELECT content FROM evidence WHERE evidence_id = ?");
            // In binary: the driver otherwise takes a statement's first runs as text, a bytea twice its size in hex.
            select.unwrap(PGStatement.class).setPrepareThreshold(-1);
            select.setString(1, id.sha256());
            return select;
        }, rs -> {
            if (!rs.next()) {
                return false;
            }
            try (InputStream in = rs.getBinaryStream(1)) {
                Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return true;
        });
        return Boolean.TRUE.equals(found);
    }

    public Optional<StoredEvidence> find(EvidenceId id) {
        return jdbc.sql("""
                SELECT evidence_id, file_name, media_type, size, uploaded_by, uploaded_at
                FROM evidence WHERE evidence_id = ?""")
                .param(id.sha256())
                .query((rs, n) -> new StoredEvidence(new EvidenceId(rs.getString(1)), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getString(5), rs.getTimestamp(6).toInstant()))
                .optional();
    }

    /** The stored bytes of a file. */
    public Optional<byte[]> content(EvidenceId id) {
        return jdbc.sql("SELECT content FROM evidence WHERE evidence_id = ?").param(id.sha256())
                .query((rs, n) -> rs.getBytes(1)).optional();
    }

    /** Fails naming {@code evidence[i]} for the first id that names no stored file. */
    public void requireAll(List<EvidenceId> ids) {
        for (int i = 0; i < ids.size(); i++) {
            if (find(ids.get(i)).isEmpty()) {
                throw DomainProblem.invalid("evidence[" + i + "]", "no evidence file " + ids.get(i) + " is stored");
            }
        }
    }

    private MediaType detect(byte[] content, String fileName) {
        MediaType type;
        try (InputStream in = new java.io.ByteArrayInputStream(content)) {
            // The name only refines what the bytes say (e.g. which Office format); it cannot make a file allowed.
            MediaType byContent = MediaType.parse(tika.detect(in));
            MediaType byName = fileName == null ? null : MediaType.parse(tika.detect(content, fileName));
            // Every type specialises octet-stream, so bytes Tika cannot place are never refined by their name.
            boolean placed = !MediaType.OCTET_STREAM.equals(byContent);
            type = placed && byName != null && registry.isSpecializationOf(byName, byContent) ? byName : byContent;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (MediaType allowed : ALLOWED) {
            if (type.equals(allowed) || registry.isSpecializationOf(type, allowed)) {
                return type;
            }
        }
        throw new UnsupportedEvidenceType(type.toString());
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * PostgreSQL has no disk space left for the file (SQLSTATE 53100, disk_full): the insert failed
     * and the transaction rolls back, so no part of the file and no row of it is kept. Answered with
     * 507 until space is freed or added.
     */
    public static class EvidenceStoreFull extends RuntimeException {
        private static final String DISK_FULL = "53100";

        EvidenceStoreFull(long size, Throwable cause) {
            super("the evidence store has no disk space left for this file (" + size + " bytes); nothing was "
                    + "stored. Try again once the ledger's operators have made room", cause);
        }

        /** {@code failure} as this when PostgreSQL said its disk is full, else {@code failure} itself. */
        static RuntimeException ifDiskFull(DataAccessException failure, long size) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException sql && DISK_FULL.equals(sql.getSQLState())) {
                    return new EvidenceStoreFull(size, failure);
                }
            }
            return failure;
        }
    }

    /** The file's content is of a type evidence may not have: answered with 415. */
    public static class UnsupportedEvidenceType extends RuntimeException {
        public UnsupportedEvidenceType(String detected) {
            super("evidence must be a PDF, PNG, JPEG, text, e-mail or Office document; this file's content is "
                    + detected);
        }
    }
}
