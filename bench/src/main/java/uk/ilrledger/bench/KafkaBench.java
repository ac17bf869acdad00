package uk.ilrledger.bench;

import static uk.ilrledger.bench.Stats.f;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.tools.ProducerPerformance;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import uk.ilrledger.projections.kafka.KafkaConnection;
import uk.ilrledger.projections.kafka.KafkaEventPublisher;
import uk.ilrledger.schemas.learner.LearnerCommand;

/**
 * B5 Kafka: the publisher's throughput on a backlog (its token moved back over the last events of
 * the store, the time until a consumer has them all), and the end-to-end lag of approvals made at a
 * steady pace (from the event's recorded-at time, taken in the command's transaction, to a
 * consumer polling the topic), over Kafka's own ProducerPerformance (same broker, records of the
 * same average size, acks=all, idempotent) run in-process.
 */
final class KafkaBench {

    /** Raised changes kept aside by B1 for the lag measurement. */
    static final List<AppendBench.Raised> LAG_CHANGES = new CopyOnWriteArrayList<>();
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max "
                    + "latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    private final Bench.Harness h;

    KafkaBench(Bench.Harness harness) {
        this.h = harness;
    }

    Bench.Result run() throws Exception {
        KafkaConnection kafka = h.context.getBean(KafkaConnection.class);
        try (Listener listener = new Listener(kafka)) {
            // Lag: approvals at a steady pace, one client.
            if (LAG_CHANGES.isEmpty()) {
                // B1 did not run: raise the changes to approve here.
                h.out.printf("B5: registering %,d learners and raising a withdrawal for each%n", h.options.lagChanges());
                LAG_CHANGES.addAll(new AppendBench(h).setUp(h.options.lagChanges()));
                h.awaitCaughtUp(Duration.ofMinutes(10));
            }
            int lagChanges = LAG_CHANGES.size();
            listener.reset();
            listener.lagging = true;
            CommandGateway bus = h.context.getBean(CommandGateway.class);
            long pace = 50; // ms between approvals: 20 approvals, 40 events per second
            long start = System.nanoTime();
            for (int i = 0; i < lagChanges; i++) {
                AppendBench.Raised r = LAG_CHANGES.get(i);
                long due = start + i * pace * 1_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
                bus.sendAndWait(new LearnerCommand.ApproveChange(r.learner(), r.changeId(), AppendBench.APPROVER, "ok"));
            }
            listener.await(lagChanges * 2L, Duration.ofMinutes(2));
            listener.lagging = false;
            double[] lags = listener.lags.stream().mapToDouble(Double::doubleValue).toArray();
            double lag50 = Stats.percentile(lags, 50);
            double lag99 = Stats.percentile(lags, 99);
            h.out.printf("B5 lag: %,d events at %d approvals/s, recorded-at to consumer p50 %.0f ms, p99 %.0f ms%n",
                    lags.length, 1000 / pace, lag50, lag99);
            h.awaitCaughtUp(Duration.ofMinutes(5));

            // Throughput: the publisher goes back over the last events of the store, once to warm up (its code
            // is the JIT compiler's until then, as a running service's is not), then timed.
            long head = h.head();
            long backlog = Math.min(h.options.kafkaEvents(), head);
            var publisher = h.processor(KafkaEventPublisher.PROCESSING_GROUP);
            double warmUp = publishBacklog(publisher, listener, head, backlog);
            double seconds = publishBacklog(publisher, listener, head, backlog);
            double rate = backlog / seconds;
            long averageSize = listener.bytes.get() / Math.max(1, listener.count.get());
            h.out.printf("B5 system: published %,d events in %.1f s = %.0f events/s (average record %d bytes), after "
                    + "the same backlog once in %.1f s to warm up%n", backlog, seconds, rate, averageSize, warmUp);

            // Ceiling: Kafka's own producer performance test on the same broker, likewise once to warm up.
            producerPerformance(kafka.bootstrapServers(), backlog, (int) Math.max(1, averageSize));
            Perf perf = producerPerformance(kafka.bootstrapServers(), backlog, (int) Math.max(1, averageSize));
            h.out.printf("B5 ceiling: ProducerPerformance %,d records of %d bytes, %.0f records/s, p99 %d ms%n",
                    perf.records(), averageSize, perf.rate(), perf.p99());
            double ratio = rate / perf.rate();
            return new Bench.Result("B5", "Kafka: events/s published; lag commit → consumer",
                    f("%,.0f events/s; lag p50 %.0f ms, p99 %.0f ms", rate, lag50, lag99),
                    f("%,.0f records/s ProducerPerformance (its p99 send latency %d ms)", perf.rate(), perf.p99()),
                    ratio, "≥ 0.3", ratio >= 0.3,
                    f("backlog of the last %,d events, each side warmed up on it once; lag over %,d events of "
                            + "approvals at %d/s", backlog, lags.length, 1000 / pace));
        }
    }

    record Perf(long records, double rate, int p99) {
    }

    /** Seconds the publisher takes from its token moved back over the last {@code backlog} events until a consumer has them all. */
    private double publishBacklog(TrackingEventProcessor publisher, Listener listener, long head, long backlog)
            throws InterruptedException {
        h.moveToken(publisher, GapAwareTrackingToken.newInstance(head - backlog, List.of()));
        listener.reset();
        long t0 = System.nanoTime();
        publisher.start();
        listener.await(backlog, Duration.ofMinutes(30));
        return (System.nanoTime() - t0) / 1e9;
    }

    private Perf producerPerformance(String servers, long records, int size) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        try {
            ProducerPerformance.main(new String[] {"--topic", "ilr-bench-producer-performance", "--num-records",
                    Long.toString(records), "--record-size", Integer.toString(size), "--throughput", "-1",
                    "--producer-props", "bootstrap.servers=" + servers, "acks=all", "enable.idempotence=true"});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        MatchResult last = null;
        Matcher m = SUMMARY.matcher(output);
        while (m.find()) {
            last = m.toMatchResult();
        }
        if (last == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary:\n" + output);
        }
        return new Perf(Long.parseLong(last.group(1)), Double.parseDouble(last.group(2)), Integer.parseInt(last.group(8)));
    }

    /**
     * A consumer of the topic from its end, counting records and, while {@link #lagging}, measuring recorded-at →
     * received. It shares the two cores with the publisher, so it does as little as it can per record.
     */
    private static final class Listener implements AutoCloseable {
        final KafkaConsumer<String, byte[]> consumer;
        final Queue<Double> lags = new ConcurrentLinkedQueue<>();
        volatile boolean lagging;
        final AtomicLong count = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicBoolean seekToEnd = new AtomicBoolean();
        final Thread thread;
        final String topic;

        Listener(KafkaConnection kafka) {
            this.topic = kafka.topic();
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                    new StringDeserializer(), new ByteArrayDeserializer());
            thread = new Thread(this::poll, "bench-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            List<TopicPartition> partitions = new ArrayList<>();
            while (running.get()) {
                if (partitions.isEmpty()) {
                    var info = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                    if (info != null) {
                        info.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                        consumer.assign(partitions);
                        consumer.seekToEnd(partitions);
                    }
                }
                if (seekToEnd.get()) {
                    if (!partitions.isEmpty()) {
                        consumer.seekToEnd(partitions);
                        partitions.forEach(consumer::position);
                    }
                    count.set(0);
                    bytes.set(0);
                    lags.clear();
                    seekToEnd.set(false);
                }
                if (partitions.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    Header recorded = lagging ? record.headers().lastHeader("recorded-at") : null;
                    if (recorded != null) {
                        Instant at = Instant.parse(new String(recorded.value(), StandardCharsets.UTF_8));
                        lags.add((double) (now - at.toEpochMilli()));
                    }
                    bytes.addAndGet(record.value().length);
                    count.incrementAndGet();
                }
            }
            consumer.close();
        }

        void reset() throws InterruptedException {
            seekToEnd.set(true);
            while (seekToEnd.get()) {
                Thread.sleep(20);
            }
        }

        void await(long records, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (count.get() < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumer saw " + count.get() + " of " + records + " records");
                }
                Thread.sleep(5);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
