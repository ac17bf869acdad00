package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The results as a console table and as markdown for BENCHMARKS.md. */
final class Report {

    private Report() {
    }

    static String table(List<Bench.Result> results) {
        StringBuilder out = new StringBuilder();
        out.append(f("%-4s %-8s %-9s %-6s %s%n", "", "ratio", "target", "met", "system | ceiling"));
        for (Bench.Result r : results) {
            out.append(f("%-4s %-8s %-9s %-6s %s | %s%n", r.id(), ratio(r), r.target(), r.met() ? "met" : "MISSED",
                    r.system(), r.ceiling()));
        }
        for (Bench.Result r : results) {
            if (!r.detail().isEmpty()) {
                out.append(f("%n%s%n%s", r.id(), r.detail()));
            }
        }
        return out.toString();
    }

    static String ratio(Bench.Result r) {
        return switch (r.id()) {
            case "B4" -> f("%.2f×", r.ratio()); // a latency multiple
            case "B9" -> f("%.3f", r.ratio()); // against a target of 0.1
            default -> f("%.2f", r.ratio());
        };
    }

    /** The run's scale: the store, then the settings of the steps that ran. */
    static String scale(Bench.Options options, long events) {
        StringBuilder scale = new StringBuilder(f("Scale: %,d learners, %,d events in the store (seed %d)",
                options.learners(), events, options.seed()));
        if (options.runs("B1")) {
            scale.append(f("; %,d approvals by %d clients", options.changes(), options.clients()));
        }
        if (options.runs("B4")) {
            scale.append(f("; %,d reads", options.reads()));
        }
        if (options.runs("B5")) {
            scale.append(f("; Kafka backlog %,d events", options.kafkaEvents()));
        }
        if (options.runs("B2")) {
            scale.append(f("; rebuild window %d s after a warm-up of %d s", options.replaySeconds(),
                    options.replayWarmupSeconds()));
        }
        if (options.runs("B9")) {
            scale.append(f("; import files of %,d learners, %d not counted, then the median of %d",
                    options.importLearners(), options.importWarmUps(), options.importFiles()));
        }
        return scale.append('.').toString();
    }

    static String markdown(List<Bench.Result> results, Bench.Options options, long events, String machine,
            Duration took) {
        StringBuilder md = new StringBuilder();
        md.append("| | what | ratio | target | | system | ceiling (same run, same database and broker) |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Bench.Result r : results) {
            md.append(f("| %s | %s | **%s** | %s | %s | %s | %s |%n", r.id(), r.what(), ratio(r), r.target(),
                    r.met() ? "met" : "missed", r.system(), r.ceiling()));
        }
        md.append('\n');
        for (Bench.Result r : results) {
            md.append(f("- %s: %s%n", r.id(), r.note()));
        }
        md.append('\n');
        for (Bench.Result r : results) {
            if (!r.detail().isEmpty()) {
                md.append(f("%s:%n%n%s%n", r.id(), r.detail()));
            }
        }
        md.append(scale(options, events)).append("\n\n");
        md.append(f("Machine: %s.%n%n", machine));
        md.append(f("Run at %s, taking %d min %d s.%n", Instant.now(), took.toMinutes(), took.toSecondsPart()));
        return md.toString();
    }
}
