package uk.ilrledger.projections;

import java.util.concurrent.ExecutionException;

/** What a task on another thread failed with, to be thrown on the thread that waited for it. */
public final class TaskFailures {

    private TaskFailures() {
    }

    /**
     * The task's own runtime exception, or its error thrown as it was; a checked exception wrapped in
     * one saying {@code failed}. Thrown by the caller: {@code throw TaskFailures.unwrapped(e, "...")}.
     */
    public static RuntimeException unwrapped(ExecutionException e, String failed) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(failed, cause);
    }
}
