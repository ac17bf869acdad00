package uk.ilrledger.app.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import uk.ilrledger.projections.rebuild.ProjectionRebuilder;
import uk.ilrledger.projections.rebuild.ReplayProgress;
import uk.ilrledger.schemas.problems.DomainProblem;

/** Where each event processor stands (caught up or not), and projection rebuilds with their progress. */
@RestController
@RequestMapping("/api/admin")
public class AdminController implements DisposableBean {

    /** A tracking processor's position against the head of the event store. */
    public record ProcessorStatus(String name, boolean caughtUp, boolean inError, long position, long head) {
    }

    private final EventProcessingConfiguration processing;
    private final ProjectionRebuilder rebuilder;
    private final JdbcClient jdbc;
    private final ExecutorService replays = Executors.newSingleThreadExecutor(r -> new Thread(r, "projection-replay"));

    public AdminController(EventProcessingConfiguration processing, ProjectionRebuilder rebuilder, JdbcClient jdbc) {
        this.processing = processing;
        this.rebuilder = rebuilder;
        this.jdbc = jdbc;
    }

    @GetMapping("/projections")
    public List<ProcessorStatus> processors() {
        long head = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry").query(Long.class).single();
        List<ProcessorStatus> statuses = new ArrayList<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof TrackingEventProcessor tracking) {
                var segments = tracking.processingStatus().values();
                long position = segments.stream()
                        .mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0);
                boolean caughtUp = !segments.isEmpty() && segments.stream().allMatch(s -> s.isCaughtUp());
                boolean inError = segments.stream().anyMatch(s -> s.isErrorState());
                statuses.add(new ProcessorStatus(name, caughtUp && position >= head, inError, position, head));
            }
        });
        statuses.sort(java.util.Comparator.comparing(ProcessorStatus::name));
        return statuses;
    }

    @GetMapping("/replays")
    public List<ReplayProgress> replays() {
        return rebuilder.progress();
    }

    /** Starts rebuilding a projection; the service answers from the old tables until the new ones are in. */
    @PostMapping("/replays/{projection}")
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
        replays.submit(() -> rebuilder.rebuild(projection, progress -> { }));
        return rebuilder.progress();
    }

    @Override
    public void destroy() {
        replays.shutdownNow();
    }
}
