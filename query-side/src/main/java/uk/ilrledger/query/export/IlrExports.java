package uk.ilrledger.query.export;

import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.PersonalFields;
import uk.ilrledger.schemas.ilr.xml.IlrXmlWriter;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.rules.IlrRules;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.ArrayList;
import java.time.LocalDate;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import uk.ilrledger.projections.processors.ProcessorsBehind;
import uk.ilrledger.projections.processors.ProcessorsCaughtUp;
import uk.ilrledger.query.returns.ReturnSnapshot;
import uk.ilrledger.query.findings.FindingCounts;
import uk.ilrledger.query.findings.FindingsRefuseExport;
import uk.ilrledger.query.findings.LedgerFindings;
import uk.ilrledger.query.findings.ReturnJudge;
import uk.ilrledger.query.returns.ReturnSnapshots;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;
import uk.ilrledger.schemas.ilr.xml.IlrValueChecks;
import uk.ilrledger.schemas.ilr.xml.Offence;

/**
 * Exports an R-return as an ILR XML file: builds the snapshot, refuses it when the DfE would (no
 * learner, values the year's schema refuses), and only then takes the file's SerialNo and DateTime,
 * so a refused export uses no number.
 */
@Component
public class IlrExports {

    /** Deletes the learners written for an export that was prepared and never sent. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final ReturnSnapshots snapshots;
    private final ExportSerials serials;
    private final ProcessorsCaughtUp caughtUp;
    private final ExportedFiles files;
    private final IlrRules rules;
    private final LedgerFindings findings;
    private final Clock clock;

    public IlrExports(ReturnSnapshots snapshots, ExportSerials serials, ProcessorsCaughtUp caughtUp, ExportedFiles files,
            IlrRules rules, LedgerFindings findings, Clock clock) {
        this.rules = rules;
        this.findings = findings;
        this.snapshots = snapshots;
        this.caughtUp = caughtUp;
        this.serials = serials;
        this.files = files;
        this.clock = clock;
    }

    /**
     * A checked, numbered export ready to be written: the return is read again from the same store
     * position as it is written, one learner at a time, so it gives the same learners and the file
     * costs no more memory for 200,000 learners than for 20.
     */
    public final class PreparedExport {
        private final IlrFileHeader header;
        private final Ukprn ukprn;
        private final CollectionYear year;
        private final ReturnPeriod period;
        private final long position;
        private final LocalDate preparationDate;
        private final int learners;
        private final long storePosition;
        private final boolean newExport;
        private final FindingCounts findings;
        private LearnersWritten learnersWritten;

        private PreparedExport(IlrFileHeader header, Ukprn ukprn, CollectionYear year, ReturnPeriod period,
                long position, LocalDate preparationDate, int learners, long storePosition, boolean newExport,
                FindingCounts findings, LearnersWritten learnersWritten) {
            this.learnersWritten = learnersWritten;
            if (learnersWritten != null) {
                CLEANER.register(this, learnersWritten::delete); // never sent: the bytes go with the export
            }
            this.findings = findings;
            this.storePosition = storePosition;
            this.header = header;
            this.ukprn = ukprn;
            this.year = year;
            this.period = period;
            this.position = position;
            this.preparationDate = preparationDate;
            this.learners = learners;
            this.newExport = newExport;
        }

        public String fileName() {
            return header.fileName();
        }

        public IlrFileHeader header() {
            return header;
        }

        public int learners() {
            return learners;
        }

        /** How many of the DfE's rules the return breaks, by severity: the file is written regardless. */
        public FindingCounts findings() {
            return findings;
        }

        /** The head of the event store when the export was asked for; the file holds everything up to it. */
        public long storePosition() {
            return storePosition;
        }

        /**
         * Streams the file to {@code out}, reporting the learners written so far after each one, and
         * answers the SHA-256 of the bytes written. A new export's record keeps it once the whole file is out.
         * A prepared export's learners were written while they were checked: the first call sends those
         * bytes behind the header (and lets them go), a later call reads the return again.
         */
        public String writeTo(OutputStream out, IntConsumer written) throws IOException {
            LearnersWritten body = learnersWritten;
            learnersWritten = null;
            if (body == null) {
                return write(out, learner -> written.accept(learner.number()));
            }
            try (InputStream learners = body.read(written)) {
                MessageDigest digest = sha256();
                IlrXmlWriter file = IlrXmlWriter.start(header, new DigestOutputStream(out, digest));
                file.learners(learners);
                file.finish();
                return recorded(digest);
            } finally {
                body.delete();
            }
        }

        /** The same, telling {@code written} each learner as written: a submission keeps their aims. */
        public String write(OutputStream out, Consumer<WrittenLearner> written) throws IOException {
            MessageDigest digest = sha256();
            IlrXmlWriter file = IlrXmlWriter.start(header, new DigestOutputStream(out, digest));
            int[] count = {0};
            try {
                snapshots.forEachLearner(ukprn, year, period, position, preparationDate, learner -> {
                    try {
                        file.learner(learner.learner());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    written.accept(new WrittenLearner(++count[0], learner));
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            file.finish();
            return recorded(digest);
        }

        private String recorded(MessageDigest digest) {
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (newExport) {
                files.written(header, sha256);
            }
            return sha256;
        }
    }

    /** The {@code number}th learner written to a file, as the return holds them. */
    public record WrittenLearner(int number, ReturnSnapshot.Learner learner) {
    }

    /**
     * A file exported before, rebuilt from its record: the same header and the same return, read from
     * the same store position with the same preparation date, so the same bytes.
     */
    public PreparedExport rebuild(IlrFileHeader header, ReturnPeriod period, long position) {
        return new PreparedExport(header, header.ukprn(), CollectionYear.parse(header.schema().year()), period, position,
                header.filePreparationDate(), 0, position, false, null, null);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    /**
     * The return of {@code period} as known at {@code asOf} (now when null), checked and numbered, once
     * the projections it is read from have reached the store's head (else {@link ProcessorsBehind}).
     */
    public PreparedExport prepare(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Instant asOf,
            String exportedBy) {
        return prepare(ukprn, year, period, asOf, exportedBy, false);
    }

    /**
     * The same, counting the DfE rules the return breaks; {@code strict} refuses a return with an error
     * finding ({@link FindingsRefuseExport}, every finding listed) before any number is taken.
     */
    public PreparedExport prepare(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Instant asOf,
            String exportedBy, boolean strict) {
        return prepare(ukprn, year, period, asOf, exportedBy, strict, learners -> { });
    }

    /** The same, telling {@code read} how many learners have been read and checked so far, after each one. */
    public PreparedExport prepare(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Instant asOf,
            String exportedBy, boolean strict, IntConsumer read) {
        IlrSchema schema = IlrSchema.of(year);
        if (asOf != null && asOf.isAfter(clock.instant())) {
            throw DomainProblem.invalid("asOf", "asOf " + asOf + " is in the future; an ILR file cannot be prepared "
                    + "on a date that has not come");
        }
        long storePosition = caughtUp.await(ReturnSnapshots.SOURCES);
        long position = snapshots.position(asOf, storePosition);
        Instant at = asOf != null ? asOf : clock.instant();
        LocalDate preparationDate = snapshots.preparationDate(at);
        List<Offence> offences = new ArrayList<>();
        int[] learners = {0};
        long[] errorsAndWarnings = {0, 0};
        ReturnJudge judge = new ReturnJudge(rules, year, preparationDate);
        // One read of the return: each learner is checked and, while nothing is refused, written as the
        // file will carry it; the header, which needs the checks' outcome for its number, goes first later.
        LearnersWritten body = LearnersWritten.create(schema);
        boolean kept = false;
        try {
            snapshots.forEachLearner(ukprn, year, period, position, preparationDate, learner -> {
                learners[0]++;
                // Checked as the file carries it: an erased learner's fields as the ILR takes them (decision 33).
                IlrLearner returned = PersonalFields.asReturned(learner.learner());
                List<Offence> found = IlrValueChecks.offences(schema, returned);
                if (!found.isEmpty()) {
                    offences.addAll(found);
                } else if (offences.isEmpty()) {
                    body.learner(learner.learner());
                }
                judge.judge(returned).forEach(f -> errorsAndWarnings[f.isError() ? 0 : 1]++);
                judge.judged(returned);
                read.accept(learners[0]);
            });
            if (learners[0] == 0) {
                throw DomainProblem.conflict("period", "the " + year + " " + period + " return of UKPRN " + ukprn
                        + " holds no learner; the DfE refuses an ILR file without one");
            }
            if (!offences.isEmpty()) {
                throw new UnexportableReturn(schema, offences);
            }
            FindingCounts counts = new FindingCounts(errorsAndWarnings[0], errorsAndWarnings[1]);
            if (strict && counts.errors() > 0) {
                throw new FindingsRefuseExport(findings.ofReturn(ukprn, year, period, position, preparationDate));
            }
            body.finish();
            IlrFileHeader header = serials.next(schema, ukprn, preparationDate, period, position, at, learners[0],
                    exportedBy);
            PreparedExport export = new PreparedExport(header, ukprn, year, period, position, preparationDate,
                    learners[0], storePosition, true, counts, body);
            kept = true;
            return export;
        } finally {
            if (!kept) {
                body.delete();
            }
        }
    }
}
