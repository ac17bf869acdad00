package uk.ilrledger.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import uk.ilrledger.command.evidence.EvidenceStore.EvidenceStoreFull;

/**
 * A request that failed because PostgreSQL could not be reached or had no room to write is the
 * service's fault, not the caller's, and says so: 503 with {@code Retry-After} while the database is
 * down, restarting or out of connections, 507 when its disk is full. Either way the request's
 * transaction rolled back, so nothing of it is stored. Found anywhere in the exception's causes
 * (Axon wraps a command's, Spring a query's), by the SQLSTATE PostgreSQL or the driver gave it;
 * everything else is left to {@link ProblemResponses}, which runs after this.
 */
@Component
public class DatabaseFaultProblems implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DatabaseFaultProblems.class);
    /** admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down), too_many_connections. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    private static final String DISK_FULL = "53100";

    /** A restarting PostgreSQL is usually back within seconds; the client's next try waits for a connection anyway. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ObjectMapper json;

    public DatabaseFaultProblems(ObjectMapper json) {
        this.json = json;
    }

    /**
     * What went wrong with the database, if that is why {@code failure} happened. {@code CONNECTION_LOST_AT_COMMIT}:
     * the connection broke as the transaction was committed or rolled back, so whether it was stored is not known.
     */
    enum Fault { UNAVAILABLE, CONNECTION_LOST_AT_COMMIT, DISK_FULL }

    static Optional<Fault> of(Throwable failure) {
        List<Throwable> causes = causes(failure);
        // A commit that failed as PostgreSQL went away is followed by a rollback on a connection the pool has
        // already closed; that failure (Spring's "JDBC rollback failed") replaces the commit's, and HikariCP's
        // "Connection is closed" carries no SQLSTATE. Nothing but a lost connection makes a rollback fail so.
        if (causes.stream().anyMatch(TransactionSystemException.class::isInstance) && causes.stream()
                .anyMatch(t -> t instanceof SQLException sql && (sql.getSQLState() == null || connectionLost(sql)))) {
            return Optional.of(Fault.CONNECTION_LOST_AT_COMMIT);
        }
        for (Throwable t : causes) {
            if (t instanceof EvidenceStoreFull) {
                return Optional.of(Fault.DISK_FULL);
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (DISK_FULL.equals(state)) {
                    return Optional.of(Fault.DISK_FULL);
                }
                if (connectionLost(sql)) {
                    return Optional.of(Fault.UNAVAILABLE);
                }
            }
        }
        return Optional.empty();
    }

    /** Class 08 is a connection exception; a pool that timed out waiting for one has no state of its own. */
    private static boolean connectionLost(SQLException sql) {
        String state = sql.getSQLState();
        return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))
                || sql instanceof SQLTransientConnectionException;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception failure) {
        Optional<Fault> fault = of(failure);
        if (fault.isEmpty() || response.isCommitted()) {
            return null;
        }
        if (fault.get() != Fault.DISK_FULL) {
            log.warn("{} {}: database unavailable ({}), answered 503: {}", request.getMethod(), request.getRequestURI(),
                    fault.get(), rootMessage(failure));
        } else {
            log.error("{} {}: database out of disk space, answered 507: {}", request.getMethod(),
                    request.getRequestURI(), rootMessage(failure));
        }
        ProblemDetail problem = problem(fault.get(), failure, response);
        try {
            response.setStatus(problem.getStatus());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        } catch (IOException e) {
            log.warn("could not write the {} problem response: {}", problem.getStatus(), e.toString());
        }
        return new ModelAndView();
    }

    /**
     * The problem answering {@code fault}: 503 with {@code Retry-After} (set on {@code response} too) while
     * the database is unavailable, 507 when it or the evidence store is full.
     */
    static ProblemDetail problem(Fault fault, Throwable failure, HttpServletResponse response) {
        if (fault != Fault.DISK_FULL) {
            ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                    fault == Fault.UNAVAILABLE
                            ? "the ledger's database cannot be reached just now; nothing of this request was recorded. "
                                    + "Try again after " + RETRY_AFTER.toSeconds() + " s"
                            : "the connection to the ledger's database was lost as this request was being stored, "
                                    + "so it may or may not have been recorded. After " + RETRY_AFTER.toSeconds()
                                    + " s, send it again with the same changeId or importId, "
                                    + "which records it once");
            problem.setProperty("retryAfterSeconds", RETRY_AFTER.toSeconds());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
            return problem;
        }
        return causes(failure).stream().filter(EvidenceStoreFull.class::isInstance).findFirst()
                .map(evidence -> Problems.field(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", "file",
                        evidence.getMessage()))
                .orElseGet(() -> Problems.of(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage",
                        "the ledger's database has no disk space left; nothing of this request was recorded"));
    }

    /** Before {@link ProblemResponses} and Spring's own resolvers, which would answer these 500. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** The failure and its causes, each once. */
    private static List<Throwable> causes(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }

    private static String rootMessage(Throwable failure) {
        List<Throwable> causes = causes(failure);
        return causes.get(causes.size() - 1).toString();
    }
}
