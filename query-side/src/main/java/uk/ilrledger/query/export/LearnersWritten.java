package uk.ilrledger.query.export;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntConsumer;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.ilr.xml.IlrXmlWriter;

/**
 * A file's learners, written as the file carries them while the return is read and checked, kept in
 * a temporary file (readable by this user only: it holds personal data) until the header is known and
 * the file is sent; memory holds only where each learner ends, for the progress of the sending.
 */
final class LearnersWritten {

    private final Path file;
    private final Counted counted;
    private final OutputStream stream;
    private final IlrXmlWriter xml;
    private long[] ends = new long[1024];
    private int learners;
    private boolean deleted;

    private LearnersWritten(Path file, IlrSchema schema) throws IOException {
        this.file = file;
        this.stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.counted = new Counted(stream);
        this.xml = IlrXmlWriter.learnersOnly(schema, counted);
    }

    static LearnersWritten create(IlrSchema schema) {
        try {
            // Files.createTempFile gives the owner alone read and write where the file system has permissions.
            Path file = Files.createTempFile("ilr-export-", ".learners");
            try {
                return new LearnersWritten(file, schema);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the learners of the file being exported", e);
        }
    }

    /** Writes one learner, as {@link IlrXmlWriter#learner} writes it into a file. */
    void learner(IlrLearner learner) {
        try {
            xml.learner(learner);
            xml.flush(); // into the buffer, so the count is where this learner ends
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (learners == ends.length) {
            ends = Arrays.copyOf(ends, learners * 2);
        }
        ends[learners++] = counted.count;
    }

    /** Every learner written: the bytes are on disk, ready to be read. */
    void finish() {
        try {
            xml.flush();
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The learners' bytes, telling {@code written} the number of learners passed on so far after each one. */
    InputStream read(IntConsumer written) throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            private long read;
            private int passed;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    passed(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    passed(n);
                }
                return n;
            }

            private void passed(int n) {
                read += n;
                while (passed < learners && ends[passed] <= read) {
                    written.accept(++passed);
                }
            }
        };
    }

    /** Lets the bytes go; safe to call more than once, from any thread. */
    synchronized void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        try {
            stream.close();
        } catch (IOException e) {
            // the file goes regardless
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** Counts the bytes passed on; a flush stays here, so counting costs no write to the disk. */
    private static final class Counted extends OutputStream {
        private final OutputStream out;
        private long count;

        Counted(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void flush() {
        }
    }
}
