package uk.ilrledger.query.export;

import uk.ilrledger.schemas.ilr.xml.IlrXmlWriter;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.IntConsumer;
import org.springframework.stereotype.Component;
import uk.ilrledger.query.returns.ReturnSnapshot;
import uk.ilrledger.query.returns.ReturnSnapshots;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.ReturnPeriod;
import uk.ilrledger.schemas.values.Ukprn;

/**
 * Exports an R-return as an ILR XML file: builds the snapshot, refuses it when the DfE would (no
 * learner, values the year's schema refuses), and only then takes the file's SerialNo and DateTime,
 * so a refused export uses no number.
 */
@Component
public class IlrExports {

    private final ReturnSnapshots snapshots;
    private final ExportSerials serials;
    private final Clock clock;

    public IlrExports(ReturnSnapshots snapshots, ExportSerials serials, Clock clock) {
        this.snapshots = snapshots;
        this.serials = serials;
        this.clock = clock;
    }

    /** A checked, numbered export ready to be written. */
    public record PreparedExport(IlrFileHeader header, ReturnSnapshot snapshot) {

        public String fileName() {
            return header.fileName();
        }

        public int learners() {
            return snapshot.learners().size();
        }

        /** Streams the file to {@code out}, reporting the learners written so far after each one. */
        public void writeTo(OutputStream out, IntConsumer written) throws IOException {
            IlrXmlWriter.write(header, learnersOf(snapshot), out, written);
        }
    }

    /** The return of {@code period} as known at {@code asOf} (now when null), checked and numbered. */
    public PreparedExport prepare(Ukprn ukprn, CollectionYear year, ReturnPeriod period, Instant asOf,
            String exportedBy) {
        IlrSchema schema = IlrSchema.of(year);
        if (asOf != null && asOf.isAfter(clock.instant())) {
            throw DomainProblem.invalid("asOf", "asOf " + asOf + " is in the future; an ILR file cannot be prepared "
                    + "on a date that has not come");
        }
        ReturnSnapshot snapshot = snapshots.asOf(ukprn, year, period, asOf);
        if (snapshot.learners().isEmpty()) {
            throw DomainProblem.conflict("period", "the " + year + " " + period + " return of UKPRN " + ukprn
                    + " holds no learner; the DfE refuses an ILR file without one");
        }
        var offences = IlrValueChecks.offences(schema, learnersOf(snapshot));
        if (!offences.isEmpty()) {
            throw new UnexportableReturn(schema, offences);
        }
        IlrFileHeader header = serials.next(schema, ukprn, snapshot.preparationDate(), period, snapshot.position(),
                snapshot.learners().size(), exportedBy);
        return new PreparedExport(header, snapshot);
    }

    private static Iterator<IlrLearner> learnersOf(ReturnSnapshot snapshot) {
        return snapshot.learners().stream().map(ReturnSnapshot.Learner::learner).iterator();
    }
}
