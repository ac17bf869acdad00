package uk.ilrledger.command.imports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLStreamException;

/**
 * Reads a file's learners on a thread of its own, a chunk ahead of the thread recording them: while one
 * chunk is registered in the import's transaction, the next is parsed, bound and keyed. The reading
 * touches no database, so it needs no part of the transaction. A failure while reading is thrown by
 * {@link #next()} on the recording thread, as if it had read the file itself; closing stops the reader.
 */
final class ReadAhead<T> implements AutoCloseable {

    /** What the reader thread runs: reads every item, handing each to {@code sink}. */
    interface Source<T> {
        void readAll(Sink<T> sink) throws Exception;
    }

    interface Sink<T> {
        void accept(T item) throws InterruptedException;
    }

    /** Put after the last chunk: a list of its own, never one the reader made. */
    private static final List<Object> END = new ArrayList<>(0);
    private static final int CHUNKS_AHEAD = 4;

    private final BlockingQueue<List<?>> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private final Thread reader;
    private volatile Throwable failure;
    private boolean ended;

    ReadAhead(String name, int chunkSize, Source<T> source) {
        this.reader = new Thread(() -> {
            List<T> chunk = new ArrayList<>(chunkSize);
            try {
                source.readAll(item -> {
                    chunk.add(item);
                    if (chunk.size() == chunkSize) {
                        chunks.put(List.copyOf(chunk));
                        chunk.clear();
                    }
                });
                if (!chunk.isEmpty()) {
                    chunks.put(List.copyOf(chunk));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                failure = e;
            }
            try {
                chunks.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The next chunk, or an empty list once every item was read. What failed the reading is thrown here:
     * an {@link IOException} or {@link XMLStreamException} as it was, anything else unchecked.
     */
    @SuppressWarnings("unchecked")
    List<T> next() throws IOException, XMLStreamException {
        if (ended) {
            return List.of();
        }
        List<?> chunk;
        do {
            try {
                chunk = chunks.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the file was read", e);
            }
            if (chunk == null && !reader.isAlive() && chunks.isEmpty()) {
                throw new IllegalStateException("the file's reader stopped without a word");
            }
        } while (chunk == null);
        if (chunk == END) {
            ended = true;
            Throwable failed = failure;
            if (failed instanceof IOException e) {
                throw e;
            } else if (failed instanceof XMLStreamException e) {
                throw e;
            } else if (failed instanceof RuntimeException e) {
                throw e;
            } else if (failed instanceof Error e) {
                throw e;
            } else if (failed != null) {
                throw new IllegalStateException("the file could not be read", failed);
            }
            return List.of();
        }
        return (List<T>) chunk;
    }

    /** Stops the reader, if it is still reading, and waits a moment for it to go. */
    @Override
    public void close() {
        reader.interrupt();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
