package uk.ilrledger.app.admin;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.app.processors.SegmentShares;
import uk.ilrledger.projections.processors.ProcessorFailure;
import uk.ilrledger.projections.processors.ProcessorFailures;
import uk.ilrledger.projections.rebuild.ProjectionRebuilder;
import uk.ilrledger.projections.rebuild.ReplayProgress;
import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * Where each event processor stands (caught up or not, the failure it is stuck on), the failures and
 * their resolutions, and projection rebuilds with their progress. A processor's standing is read from
 * the token store, every segment's token whichever instance holds it, so every instance tells the
 * same; a rebuild pauses the projection's processor on the other instances until its swap.
 */
@RestController
@RequestMapping("/api/admin")
public class AdminController implements DisposableBean {

    /** A tracking processor's position against the head of the event store, and the event it fails on. */
    public record ProcessorStatus(String name, boolean caughtUp, boolean inError, long position, long head,
            ProcessorFailure failure, List<SegmentPosition> segments) {
    }

    /** One segment's position in the store and the instance holding it (none between owners). */
    public record SegmentPosition(int segment, long position, String owner) {
    }

    /** Why the processor may pass over the event. */
    public record ResolutionRequest(String reason) {
    }

    private final EventProcessingConfiguration processing;
    private final ProjectionRebuilder rebuilder;
    private final JdbcClient jdbc;
    private final ProcessorFailures failures;
    private final SegmentShares shares;
    private final Serializer tokenSerializer;
    private final ExecutorService replays = Executors.newSingleThreadExecutor(r -> new Thread(r, "projection-replay"));

    public AdminController(EventProcessingConfiguration processing, ProjectionRebuilder rebuilder, JdbcClient jdbc,
            ProcessorFailures failures, SegmentShares shares, TokenStore tokenStore) {
        this.failures = failures;
        this.shares = shares;
        this.tokenSerializer = ((JdbcTokenStore) tokenStore).serializer();
        this.processing = processing;
        this.rebuilder = rebuilder;
        this.jdbc = jdbc;
    }

    @GetMapping("/projections")
    public List<ProcessorStatus> processors() {
        long head = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry").query(Long.class).single();
        List<ProcessorStatus> statuses = new ArrayList<>();
        List<ProcessorFailure> open = failures.open();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof TrackingEventProcessor tracking) {
                List<SegmentPosition> segments = segments(name);
                long position = segments.stream().mapToLong(SegmentPosition::position).min().orElse(0);
                boolean inError = tracking.processingStatus().values().stream().anyMatch(s -> s.isErrorState());
                ProcessorFailure failure = open.stream().filter(f -> f.processor().equals(name)).findFirst().orElse(null);
                statuses.add(new ProcessorStatus(name, !segments.isEmpty() && position >= head && failure == null,
                        inError || failure != null, position, head, failure, segments));
            }
        });
        statuses.sort(java.util.Comparator.comparing(ProcessorStatus::name));
        return statuses;
    }

    /** Every segment's committed token of the processor, whichever instance holds it. */
    private List<SegmentPosition> segments(String processor) {
        return jdbc.sql("SELECT segment, token, token_type, owner FROM token_entry WHERE processor_name = ? ORDER BY segment")
                .param(processor)
                .query((row, i) -> {
                    byte[] bytes = row.getBytes(2);
                    long position = 0;
                    if (bytes != null) {
                        TrackingToken token = tokenSerializer.deserialize(
                                new SimpleSerializedObject<>(bytes, byte[].class, row.getString(3), null));
                        position = token == null ? 0 : token.position().orElse(0);
                    }
                    return new SegmentPosition(row.getInt(1), position, row.getString(4));
                }).list();
    }

    /** Every event a processor failed on: open, recovered on a later attempt, or resolved and passed over. */
    @GetMapping("/projections/failures")
    public List<ProcessorFailure> failures() {
        return failures.all();
    }

    /**
     * An ADMIN granted every provider (as for every admin operation, see GlobalOperations) lets the
     * processor pass over the one event it fails on, saying why; who, when and why are kept and listed. Only that processor skips it, and only that event.
     */
    @PostMapping("/projections/{processor}/failures/{eventIdentifier}/resolution")
    @ApiResponse(responseCode = "200", description = "Resolved: the processor passes over that one event")
    @ApiResponse(responseCode = "403", description = "The caller is not an ADMIN granted every UKPRN")
    @ApiResponse(responseCode = "409", description = "The failure is already resolved, has recovered, or changed "
            + "meanwhile")
    public ProcessorFailure resolve(@PathVariable String processor, @PathVariable String eventIdentifier,
            @RequestBody ResolutionRequest request, Authentication user) {
        ProcessorFailure resolved = failures.resolve(processor, eventIdentifier, user.getName(),
                request == null ? null : request.reason());
        retryNow(processor);
        return resolved;
    }

    /**
     * A processor in error backs off for up to a minute between attempts; restarted, it takes the
     * resolution at once. Another instance holding the processor takes it at its next attempt.
     */
    private void retryNow(String processor) {
        processing.eventProcessor(processor, TrackingEventProcessor.class)
                .filter(TrackingEventProcessor::isError)
                .ifPresent(tracking -> tracking.shutdownAsync().thenRun(tracking::start));
    }

    @GetMapping("/replays")
    public List<ReplayProgress> replays() {
        return rebuilder.progress();
    }

    /**
     * Starts rebuilding a projection; the service answers from the old tables until the new ones are in.
     * Its processor is first paused on the other instances, which release their segments to this one,
     * so the swap can move every segment's token; they resume once it is done.
     */
    @PostMapping("/replays/{projection}")
    @ApiResponse(responseCode = "409", description = "The projection is already being rebuilt (here or on another "
            + "instance), or other instances, named, did not release its segments in time")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public List<ReplayProgress> replay(@PathVariable String projection) {
        if (!rebuilder.names().contains(projection)) {
            throw DomainProblem.notFound("projection", "no projection '" + projection + "'; there are " + rebuilder.names());
        }
        boolean running = rebuilder.progress().stream().anyMatch(p -> p.projection().equals(projection)
                && (p.state() == ReplayProgress.State.BUILDING || p.state() == ReplayProgress.State.SWAPPING));
        if (running) {
            throw DomainProblem.conflict("projection", projection + " is already being rebuilt");
        }
        SegmentShares.Pause pause = shares.pauseElsewhere(List.of(projection));
        try {
            replays.submit(() -> {
                try (pause) {
                    rebuilder.rebuild(projection, progress -> { });
                }
            });
        } catch (RuntimeException e) {
            pause.close();
            throw e;
        }
        return rebuilder.progress();
    }

    @Override
    public void destroy() {
        replays.shutdownNow();
    }
}
