package uk.ilrledger.command.chain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest committed chain link of the learners appended to recently, so the next event's link
 * needs no read of the chain table. Only links whose transaction committed are put here, and a link
 * is answered only for the sequence number asked for: a link is never updated once committed, so
 * an entry is either exactly the link before the event being appended or is not used (another
 * instance sharing the store appended since, which makes the sequence numbers differ). Holds at most
 * {@code capacity} learners, the least recently used leaving first.
 */
public final class ChainHeads {

    /** A learner's link at a sequence number. */
    public record Head(long sequenceNumber, String link) {
    }

    private final Map<String, Head> heads;

    public ChainHeads(int capacity) {
        this.heads = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The committed link of {@code aggregate}'s event {@code sequenceNumber}, if remembered. */
    public synchronized Optional<String> linkOf(String aggregate, long sequenceNumber) {
        Head head = heads.get(aggregate);
        return head != null && head.sequenceNumber() == sequenceNumber ? Optional.of(head.link()) : Optional.empty();
    }

    /** Links whose transaction has committed; an older one than already held is ignored. */
    public synchronized void committed(Map<String, Head> links) {
        links.forEach((aggregate, head) -> heads.merge(aggregate, head,
                (held, offered) -> offered.sequenceNumber() >= held.sequenceNumber() ? offered : held));
    }

    /** Forgets every link, as after the chain table was changed outside the append. */
    public synchronized void clear() {
        heads.clear();
    }
}
