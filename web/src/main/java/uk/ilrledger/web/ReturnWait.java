package uk.ilrledger.web;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How long a view of the return screen waits for a return (or the other side of its diff) being built in
 * the background before it answers that it is being prepared. {@link Configured} reads
 * {@code ilr-ledger.screens.return-wait}; it is a bean of its own so that a test can set it per test.
 */
public interface ReturnWait {

    Duration get();

    /** {@code ilr-ledger.screens.return-wait}, 200 ms unless configured. */
    @Component
    class Configured implements ReturnWait {

        private final Duration wait;

        Configured(@Value("${ilr-ledger.screens.return-wait:200ms}") Duration wait) {
            this.wait = wait;
        }

        @Override
        public Duration get() {
            return wait;
        }
    }
}
