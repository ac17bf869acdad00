package uk.ilrledger.app.screens;

import java.time.Duration;
import org.springframework.context.annotation.Primary;
import uk.ilrledger.web.ReturnWait;

/**
 * The return screen's wait as a test sets it: the configured wait until a test sets its own, so that tests
 * needing different waits share one application context.
 */
@Primary
class SettableReturnWait implements ReturnWait {

    private final ReturnWait configured;
    private volatile Duration wait;

    SettableReturnWait(ReturnWait.Configured configured) {
        this.configured = configured;
    }

    @Override
    public Duration get() {
        Duration set = wait;
        return set != null ? set : configured.get();
    }

    void set(Duration wait) {
        this.wait = wait;
    }

    void reset() {
        wait = null;
    }
}
