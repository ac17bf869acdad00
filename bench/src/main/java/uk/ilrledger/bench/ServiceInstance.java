package uk.ilrledger.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * The service in a JVM of its own on a loopback port, as it runs in production: its main class,
 * {@code IlrLedgerApplication}, from the bench's own classes, so that the instances are the same build
 * as the store the bench loaded. Run from {@code java -jar ilr-ledger-bench.jar} the bench's classpath is
 * that one executable jar, and the instance is started with Spring Boot's {@code PropertiesLauncher} from
 * it ({@code -Dloader.main=uk.ilrledger.app.IlrLedgerApplication}); run from Maven or an IDE, with the
 * main class on the bench's classpath. Either way it needs neither {@code infra/target/ilr-ledger.jar} nor
 * the working directory. Its output goes to a log file of its own.
 */
final class ServiceInstance {

    static final String MAIN_CLASS = "uk.ilrledger.app.IlrLedgerApplication";
    private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceInstance(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts an instance named {@code name} with {@code javaOptions} for its JVM, {@code settings}
     * ({@code --name=value}) on its command line and {@code environment} (for secrets, which a command
     * line shows to every user of the machine); its log goes to {@code directory}. Does not wait.
     */
    static ServiceInstance start(String name, Path directory, List<String> javaOptions, List<String> settings,
            Map<String, String> environment) throws IOException {
        int port = freePort();
        Path log = directory.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(launch(System.getProperty("java.class.path")));
        command.add("--server.address=127.0.0.1");
        command.add("--server.port=" + port);
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("ILR_LEDGER_DATA_DIR", directory.resolve(name + "-data").toString());
        return new ServiceInstance(name, port, builder.start(), log);
    }

    /** How to run the service's main class from {@code classPath}: through the launcher of an executable jar, or directly. */
    static List<String> launch(String classPath) throws IOException {
        if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar")) {
            try (JarFile jar = new JarFile(classPath)) {
                if (jar.getManifest() != null
                        && jar.getManifest().getMainAttributes().getValue("Spring-Boot-Classes") != null) {
                    return List.of("-Dloader.main=" + MAIN_CLASS, "-cp", classPath, PROPERTIES_LAUNCHER);
                }
            }
        }
        return List.of("-cp", classPath, MAIN_CLASS);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** The JVM's process id: the start of its name in Axon's claims ({@code pid@host/…}, the token store's owner). */
    long pid() {
        return process.pid();
    }

    /** Whether the instance's log holds a line containing {@code text}. */
    boolean logged(String text) {
        try (var lines = Files.lines(log)) {
            return lines.anyMatch(line -> line.contains(text));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits until the readiness probe answers 200 (migrations done, this instance's share of the segments held). */
    void awaitReady(HttpClient http, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance " + name + " stopped (exit " + process.exitValue()
                        + ") before it was ready; its log " + log + " ends:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("instance " + name + " was not ready within " + limit.toSeconds()
                        + " s; its log " + log + " ends:\n" + tail());
            }
            try {
                HttpResponse<Void> probe = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                if (probe.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(250);
        }
    }

    /** SIGTERM: it finishes its requests and releases its segments at once (see {@link #awaitExit}). */
    void terminate() {
        process.destroy();
    }

    /** Waits for the exit after {@link #terminate()}, killing the JVM if it takes longer than {@code grace}. */
    void awaitExit(Duration grace) throws InterruptedException {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** SIGKILL, and wait until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The last lines the instance printed. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
