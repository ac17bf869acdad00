package uk.ilrledger.query.export;

import uk.ilrledger.schemas.ilr.xml.IlrXmlWriter;
import uk.ilrledger.schemas.ilr.xml.IlrFileHeader;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import java.io.IOException;
import java.util.List;
import java.util.ArrayList;
import java.time.LocalDate;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.function.IntConsumer;
import org.springframework.stereotype.Component;
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

    private final ReturnSnapshots snapshots;
    private final ExportSerials serials;
    private final Clock clock;

    public IlrExports(ReturnSnapshots snapshots, ExportSerials serials, Clock clock) {
        this.snapshots = snapshots;
        this.serials = serials;
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

        private PreparedExport(IlrFileHeader header, Ukprn ukprn, CollectionYear year, ReturnPeriod period,
                long position, LocalDate preparationDate, int learners) {
            this.header = header;
            this.ukprn = ukprn;
            this.year = year;
            this.period = period;
            this.position = position;
            this.preparationDate = preparationDate;
            this.learners = learners;
        }

        public String fileName() {
            return header.fileName();
        }

        public int learners() {
            return learners;
        }

        /** Streams the file to {@code out}, reporting the learners written so far after each one. */
        public void writeTo(OutputStream out, IntConsumer written) throws IOException {
            IlrXmlWriter file = IlrXmlWriter.start(header, out);
            int[] count = {0};
            try {
                snapshots.forEachLearner(ukprn, year, period, position, preparationDate, learner -> {
                    try {
                        file.learner(learner.learner());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    written.accept(++count[0]);
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            file.finish();
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
        long position = snapshots.position(asOf);
        LocalDate preparationDate = snapshots.preparationDate(asOf);
        List<Offence> offences = new ArrayList<>();
        int[] learners = {0};
        snapshots.forEachLearner(ukprn, year, period, position, preparationDate, learner -> {
            learners[0]++;
            offences.addAll(IlrValueChecks.offences(schema, learner.learner()));
        });
        if (learners[0] == 0) {
            throw DomainProblem.conflict("period", "the " + year + " " + period + " return of UKPRN " + ukprn
                    + " holds no learner; the DfE refuses an ILR file without one");
        }
        if (!offences.isEmpty()) {
            throw new UnexportableReturn(schema, offences);
        }
        IlrFileHeader header = serials.next(schema, ukprn, preparationDate, period, position, learners[0], exportedBy);
        return new PreparedExport(header, ukprn, year, period, position, preparationDate, learners[0]);
    }
}
