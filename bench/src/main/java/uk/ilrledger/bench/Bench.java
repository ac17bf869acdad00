package uk.ilrledger.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import uk.ilrledger.app.IlrLedgerApplication;
import uk.ilrledger.command.chain.ChainKeyring;
import uk.ilrledger.command.learner.ChangeRules;
import uk.ilrledger.projections.Json;

/**
 * {@code bench}: builds a store of a synthetic provider on PostgreSQL, starts the whole service
 * in-process on it (Axon, projections, Kafka publisher with the in-JVM broker) and measures B1 to
 * B7 and B9 (a new provider's file imported and approved), each against a ceiling measured in the same
 * run on the same database and broker, and on request
 * B8, the append rate through one, two and three instances of the service started as JVMs of their own
 * on that database and broker, and their Kafka publisher's rate working off a backlog. Prints a table and writes it as markdown.
 */
public final class Bench {

    static final String USAGE = """
            usage: java -jar ilr-ledger-bench.jar [--learners 200000] [--events 5000000] [--seed 42]
                     [--changes 2000] [--clients 8] [--reads 2000] [--kafka-events 100000] [--lag-changes 200]
                     [--replay-seconds 60] [--replay-warmup-seconds 20] [--markdown bench-results.md] [--keep-database] [--steps B1,B2,B3,B4,B5,B6,B7,B9]
                     [--instances 1,2,3] [--instance-seconds 30] [--instance-warmup 10] [--instance-clients 16]
                     [--instance-java-options "-Xmx1g"] [--instance-auth basic|bearer] [--instance-backlog 20000]
                     [--import-learners 20000] [--import-warm-ups 2] [--import-files 3]
                     [--database-url URL --db-user U --db-password P]
              A fresh database is created on the server at ILR_LEDGER_BENCH_JDBC_URL
              (default jdbc:postgresql://127.0.0.1:5432/, user postgres) and dropped at the end,
              unless --database-url names an existing empty database to use.
              B8 (the append and Kafka publication rates with 1, 2, 3 instances, each a JVM of its
              own) runs only when --steps names it.""";

    /** The run's settings. */
    record Options(int learners, long events, long seed, int changes, int clients, int reads, int kafkaEvents,
            int lagChanges, int replaySeconds, int replayWarmupSeconds, Path markdown, boolean keepDatabase, String databaseUrl, String user,
            String password, java.util.Set<String> steps, List<Integer> instances, int instanceSeconds,
            int instanceWarmup, int instanceClients, String instanceJavaOptions, String instanceAuth,
            int instanceBacklog, int importLearners, int importWarmUps, int importFiles) {

        /** The steps run when --steps is not given. */
        static final List<String> ALL_STEPS = List.of("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B9");
        /** Steps run only when --steps names them: B8 starts JVMs of the service beside the bench. */
        static final List<String> ON_REQUEST = List.of("B8");

        boolean runs(String step) {
            return steps.contains(step);
        }

        static Options parse(String[] args) {
            int learners = 200_000;
            long events = 5_000_000;
            long seed = 42;
            int changes = 2000;
            int clients = 8;
            int reads = 2000;
            int kafkaEvents = 100_000;
            int lagChanges = 200;
            int replaySeconds = 60;
            int replayWarmupSeconds = 20;
            Path markdown = Path.of("bench-results.md");
            boolean keep = false;
            String url = null;
            String user = null;
            String password = null;
            java.util.Set<String> steps = new java.util.LinkedHashSet<>(ALL_STEPS);
            List<Integer> instances = List.of(1, 2, 3);
            int instanceSeconds = 30;
            int instanceWarmup = 10;
            int instanceClients = 16;
            String instanceJavaOptions = "-Xmx1g";
            String instanceAuth = "basic";
            int instanceBacklog = 20_000;
            int importLearners = 20_000;
            int importWarmUps = 2;
            int importFiles = 3;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                String value = null;
                if (option.contains("=")) {
                    value = option.substring(option.indexOf('=') + 1);
                    option = option.substring(0, option.indexOf('='));
                } else if (!option.equals("--keep-database")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
                    }
                    value = args[++i];
                }
                switch (option) {
                    case "--learners" -> learners = Integer.parseInt(value);
                    case "--events" -> events = Long.parseLong(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--changes" -> changes = Integer.parseInt(value);
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--reads" -> reads = Integer.parseInt(value);
                    case "--kafka-events" -> kafkaEvents = Integer.parseInt(value);
                    case "--lag-changes" -> lagChanges = Integer.parseInt(value);
                    case "--replay-seconds" -> replaySeconds = Integer.parseInt(value);
                    case "--replay-warmup-seconds" -> replayWarmupSeconds = Integer.parseInt(value);
                    case "--markdown" -> markdown = Path.of(value);
                    case "--keep-database" -> keep = true;
                    case "--database-url" -> url = value;
                    case "--db-user" -> user = value;
                    case "--db-password" -> password = value;
                    case "--steps" -> {
                        steps = new java.util.LinkedHashSet<>(List.of(value.toUpperCase(Locale.ROOT).split(",")));
                        List<String> known = new ArrayList<>(ALL_STEPS);
                        known.addAll(ON_REQUEST);
                        if (!known.containsAll(steps)) {
                            throw new IllegalArgumentException("--steps lists some of " + known + ", was " + value);
                        }
                    }
                    case "--instances" -> instances = java.util.Arrays.stream(value.split(",")).map(String::trim)
                            .map(Integer::parseInt).toList();
                    case "--instance-seconds" -> instanceSeconds = Integer.parseInt(value);
                    case "--instance-warmup" -> instanceWarmup = Integer.parseInt(value);
                    case "--instance-clients" -> instanceClients = Integer.parseInt(value);
                    case "--instance-java-options" -> instanceJavaOptions = value;
                    case "--instance-auth" -> instanceAuth = value;
                    case "--instance-backlog" -> instanceBacklog = Integer.parseInt(value);
                    case "--import-learners" -> importLearners = Integer.parseInt(value);
                    case "--import-warm-ups" -> importWarmUps = Integer.parseInt(value);
                    case "--import-files" -> importFiles = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
                }
            }
            if (learners < 1 || events < learners) {
                throw new IllegalArgumentException("--events must be at least --learners, and --learners at least 1");
            }
            if (instances.size() < 2 || instances.stream().anyMatch(n -> n < 1)
                    || Set.copyOf(instances).size() != instances.size()) {
                throw new IllegalArgumentException("--instances lists at least two different counts of at least 1 "
                        + "(the ratio is the second's rate over the first's), was " + instances);
            }
            if (!List.of("basic", "bearer").contains(instanceAuth)) {
                throw new IllegalArgumentException("--instance-auth is basic or bearer, was " + instanceAuth);
            }
            if (replaySeconds < 1 || replayWarmupSeconds < 0) {
                throw new IllegalArgumentException("--replay-seconds must be at least 1, --replay-warmup-seconds at least 0");
            }
            if (importLearners < 1 || importWarmUps < 0 || importFiles < 1) {
                throw new IllegalArgumentException("--import-learners and --import-files must be at least 1, "
                        + "--import-warm-ups at least 0");
            }
            if (instanceSeconds < 1 || instanceWarmup < 0 || instanceClients < 1 || instanceBacklog < 1) {
                throw new IllegalArgumentException("--instance-seconds, --instance-clients and --instance-backlog must "
                        + "be at least 1, --instance-warmup at least 0");
            }
            return new Options(learners, events, seed, changes, clients, reads, kafkaEvents, lagChanges, replaySeconds,
                    replayWarmupSeconds, markdown, keep, url, user, password, steps, instances, instanceSeconds, instanceWarmup,
                    instanceClients, instanceJavaOptions, instanceAuth, instanceBacklog, importLearners, importWarmUps,
                    importFiles);
        }
    }

    /**
     * One benchmark's line: the system's figure, the ceiling's, their ratio and the target; {@code detail}
     * is a markdown table of its own printed below the results (empty for most steps).
     */
    record Result(String id, String what, String system, String ceiling, double ratio, String target, boolean met,
            String note, String detail) {

        Result(String id, String what, String system, String ceiling, double ratio, String target, boolean met,
                String note) {
            this(id, what, system, ceiling, ratio, target, met, note, "");
        }
    }

    private Bench() {
    }

    public static void main(String[] args) {
        try {
            run(args, System.out);
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs every benchmark; answers the results (also printed and written as markdown). */
    public static List<Result> run(String[] args, PrintStream out) throws Exception {
        Options options = Options.parse(args);
        Database database = Database.prepare(options, out);
        List<Result> results = new ArrayList<>();
        Instant started = Instant.now();
        try (ConfigurableApplicationContext context = start(database)) {
            Harness harness = new Harness(context, options, database, out);
            harness.pauseProcessors();
            out.printf("building the store: %,d learners, about %,d events, seed %d%n", options.learners(),
                    options.events(), options.seed());
            long t0 = System.nanoTime();
            StoreLoader loader = harness.loader();
            ProviderGenerator generator = new ProviderGenerator(options.seed(), context.getBean(ChangeRules.class));
            long[] lastShown = {System.nanoTime()};
            long stored = loader.load(generator, Harness.PROVIDER, options.learners(), options.events(), done -> {
                if (System.nanoTime() - lastShown[0] > 10_000_000_000L) {
                    lastShown[0] = System.nanoTime();
                    out.printf("  %,d events stored%n", done);
                }
            });
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            out.printf("stored %,d events of %,d learners in %.0f s (%.0f events/s, COPY)%n", stored, options.learners(),
                    loadSeconds, stored / loadSeconds);
            // B6 reads the store only; the processors matter to the others.
            if (options.steps().stream().anyMatch(step -> !step.equals("B6"))) {
                harness.processorsToHead();
            }

            if (options.runs("B1")) {
                results.add(new AppendBench(harness).run());
            }
            if (options.runs("B2")) {
                results.add(new RebuildBench(harness).run());
            }
            if (options.runs("B3")) {
                results.add(new ExportBench(harness).run());
            }
            if (options.runs("B4")) {
                results.add(new PointInTimeBench(harness).run());
            }
            if (options.runs("B5")) {
                results.add(new KafkaBench(harness).run());
            }
            if (options.runs("B7")) {
                results.add(new PageTimeBench(harness).run());
            }
            if (options.runs("B9")) {
                results.add(new ImportBench(harness).run());
            }
            if (options.runs("B8")) {
                results.add(new InstancesBench(harness).run());
            }
            // Last, so the store it checks also holds what B1 and B5 appended through the command bus and B8 over HTTP.
            if (options.runs("B6")) {
                results.add(new VerifyBench(harness).run());
            }

            String machine = machine();
            String report = Report.markdown(results, options, stored, machine, Duration.between(started, Instant.now()));
            out.println();
            out.println(Report.table(results));
            Files.writeString(options.markdown(), report, StandardCharsets.UTF_8);
            out.println("markdown written to " + options.markdown().toAbsolutePath());
        } finally {
            database.dropIfCreated(out);
        }
        return results;
    }

    private static ConfigurableApplicationContext start(Database database) throws java.io.IOException {
        // A chain key and checkpoint directory of the run's own (the bench's store vouches for nothing real),
        // unless ILR_LEDGER_CHAIN_KEY names one, so that a kept database can be checked with the jar's verify.
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String key = System.getenv().getOrDefault("ILR_LEDGER_CHAIN_KEY",
                java.util.Base64.getEncoder().encodeToString(random));
        Path anchors = Files.createTempDirectory("ilr-bench-anchors");
        System.out.println("chain checkpoints in " + anchors);
        // A web server on a free port, for the screens' page times (B7).
        return new SpringApplicationBuilder(IlrLedgerApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties("ILR_LEDGER_DEMO_PASSWORD=" + DEMO_PASSWORD,
                        "spring.datasource.url=" + database.url(), "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password(),
                        "ilr-ledger.chain.key=" + key,
                        "ilr-ledger.chain.key-id=bench",
                        "ilr-ledger.erasure.master-key=" + java.util.Base64.getEncoder().encodeToString(random),
                        "ilr-ledger.chain.anchor-dir=" + anchors,
                        // Checkpoints only when B6 asks for one, so none competes with the other figures.
                        "ilr-ledger.chain.anchor-interval=0s",
                        // B7 prepares the returns due next as a start would, and not while B1 to B6 measure.
                        "ilr-ledger.returns.prepare-ahead=false",
                        "spring.datasource.hikari.maximum-pool-size=24",
                        "logging.level.root=WARN", "logging.level.uk.ilrledger=WARN",
                        "logging.level.org.axonframework=ERROR")
                .run("--server.port=0", "--server.address=127.0.0.1"); // arguments win over application.yml's 8080
    }

    static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception ignored) {
            // not Linux
        }
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GB RAM, %s %s, Java %s, max heap %.1f GB",
                Runtime.getRuntime().availableProcessors(), cpu, memory / 1e9, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / 1e9);
    }

    /** The bench's own database on the PostgreSQL server. */
    record Database(String url, String user, String password, String serverUrl, String name) {

        static Database prepare(Options options, PrintStream out) throws Exception {
            if (options.databaseUrl() != null) {
                return new Database(options.databaseUrl(), options.user() == null ? "postgres" : options.user(),
                        options.password() == null ? "" : options.password(), null, null);
            }
            String server = System.getenv().getOrDefault("ILR_LEDGER_BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/");
            if (!server.endsWith("/")) {
                server = server + "/";
            }
            String user = options.user() == null ? "postgres" : options.user();
            String password = options.password() == null ? "" : options.password();
            String name = "ilr_bench_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC)
                    .format(Instant.now());
            try (Connection admin = DriverManager.getConnection(server + "postgres", credentials(user, password));
                    Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            out.println("bench database " + name + " on " + server);
            return new Database(server + name, user, password, server, name);
        }

        void dropIfCreated(PrintStream out) {
            if (name == null) {
                return;
            }
            if (Boolean.getBoolean("bench.keepDatabase") || KEEP.get()) {
                out.println("kept database " + name);
                return;
            }
            try (Connection admin = DriverManager.getConnection(serverUrl + "postgres", credentials(user, password));
                    Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                out.println("dropped database " + name);
            } catch (Exception e) {
                out.println("could not drop database " + name + ": " + e);
            }
        }

        static Properties credentials(String user, String password) {
            Properties p = new Properties();
            p.setProperty("user", user);
            p.setProperty("password", password);
            return p;
        }
    }

    /** The demo users' password in the bench's own service, which listens on the loopback only. */
    static final String DEMO_PASSWORD = "bench-only";

    static final java.util.concurrent.atomic.AtomicBoolean KEEP = new java.util.concurrent.atomic.AtomicBoolean();

    /** What every benchmark needs: the context's beans, the options, and control of the processors. */
    static final class Harness {
        static final int PROVIDER = 10_000_001;
        static final int COMMAND_PROVIDER = 10_000_002;
        static final int CEILING_PROVIDER = 10_000_003;
        /** B9's providers, one per file: this and the next {@code --import-warm-ups}. */
        static final int IMPORT_PROVIDER = 10_000_100;
        /** The point-in-time reads ask for the record as known at the end of September 2026. */
        static final Instant AS_OF = Instant.parse("2026-09-30T23:59:59Z");

        final ConfigurableApplicationContext context;
        final Options options;
        final Database database;
        final PrintStream out;
        final DataSource dataSource;
        /**
         * Whether the read models the bulk load leaves empty (current ILR, history, change queue) have been
         * rebuilt from the store: their handlers need a learner's row before they can apply a change to it.
         */
        boolean readModelsBuilt;

        Harness(ConfigurableApplicationContext context, Options options, Database database, PrintStream out) {
            this.context = context;
            this.options = options;
            this.database = database;
            this.out = out;
            this.dataSource = context.getBean(DataSource.class);
            if (options.keepDatabase()) {
                KEEP.set(true);
            }
        }

        StoreLoader loader() {
            return new StoreLoader(dataSource, context.getBean("eventSerializer", Serializer.class),
                    context.getBean(Json.class), context.getBean(ChainKeyring.class).current());
        }

        List<TrackingEventProcessor> processors() {
            return context.getBean(EventProcessingConfiguration.class).eventProcessors().values().stream()
                    .filter(p -> p instanceof TrackingEventProcessor)
                    .map(p -> (TrackingEventProcessor) p)
                    .toList();
        }

        TrackingEventProcessor processor(String name) {
            return processors().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
        }

        /** Stops every tracking processor, each once it has claimed its segment (never half-way through starting). */
        void pauseProcessors() throws InterruptedException {
            for (TrackingEventProcessor p : processors()) {
                if (p.isRunning()) {
                    claimed(p, Duration.ofSeconds(30));
                }
                p.shutDown();
            }
        }

        /** Starts every tracking processor and waits until each has claimed its segment, starting it again if not. */
        void startProcessors() throws InterruptedException {
            for (TrackingEventProcessor p : processors()) {
                for (int attempt = 0; ; attempt++) {
                    p.start();
                    // Generous: on a loaded 2-core machine a processor's worker can take many seconds to claim.
                    if (claimed(p, Duration.ofSeconds(30))) {
                        break;
                    }
                    if (attempt == 3) {
                        throw new IllegalStateException("processor " + p.getName() + " does not start");
                    }
                    p.shutDown();
                }
            }
        }

        private static boolean claimed(TrackingEventProcessor p, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                if (p.isRunning() && !p.processingStatus().isEmpty()) {
                    return true;
                }
                Thread.sleep(20);
            }
            return false;
        }

        /** Every tracking processor moves to the head of the store: the bulk store counts as already processed. */
        void processorsToHead() throws InterruptedException {
            TrackingToken head = context.getBean(EventStore.class).createHeadToken();
            // Processors still starting up must be let finish before they are stopped, or they may not start again.
            pauseProcessors();
            for (TrackingEventProcessor p : processors()) {
                moveToken(p, head);
            }
            startProcessors();
        }

        /** Stores {@code token} as the (paused) processor's position. */
        void moveToken(TrackingEventProcessor processor, TrackingToken token) {
            TokenStore tokens = context.getBean(TokenStore.class);
            processor.shutDown();
            int[] segments = tokens.fetchSegments(processor.getName());
            if (segments.length == 0) {
                tokens.initializeTokenSegments(processor.getName(), 1, token);
                return;
            }
            for (int segment : segments) {
                tokens.storeToken(token, processor.getName(), segment);
                tokens.releaseClaim(processor.getName(), segment);
            }
        }

        long head() throws Exception {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /** Waits until every running tracking processor has read the store up to its head. */
        double awaitCaughtUp(Duration limit) throws Exception {
            long head = head();
            long start = System.nanoTime();
            while (System.nanoTime() - start < limit.toNanos()) {
                boolean all = processors().stream().allMatch(p -> {
                    var segments = p.processingStatus().values();
                    return !segments.isEmpty() && segments.stream()
                            .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
                });
                if (all) {
                    return (System.nanoTime() - start) / 1e9;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("processors did not catch up with position " + head + " within " + limit);
        }

        LocalDate today() {
            return LocalDate.now(ZoneOffset.UTC);
        }
    }
}
