package uk.ilrledger.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.testsupport.TestKafka;

/**
 * The service's PostgreSQL (a server of this test's own, not the one other tests share) stopped for
 * twenty seconds (longer if the machine is slow to answer) while eight clients raise and approve
 * changes, then started again: meanwhile every
 * client is answered 503 with {@code Retry-After} as a problem, never 500; afterwards the service
 * carries on by itself, with every approval it answered in the store once and every chain intact.
 */
@BesideTheOtherTests
class PostgresRestartTest {

    static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir
    Path work;

    private OwnPostgres postgres;
    private LedgerService service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.kill();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void whilePostgresIsDownClientsGet503WithRetryAfterAndAfterwardsTheServiceRecoversByItself() throws Exception {
        postgres = OwnPostgres.start(work.resolve("postgres"));
        String topic = "faults-postgres-" + UUID.randomUUID();
        service = LedgerService.on(work, postgres.database(), TestKafka.bootstrapServers(), topic);
        LedgerClient client = new LedgerClient(service);
        service.start(client.http());
        ChangeLoad load = ChangeLoad.prepare(client, "PGRS");
        load.start();
        load.awaitMoreApprovals(30, ChangeLoad.GUARD);

        postgres.stop();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        int answeredBeforeTheOutage = load.acknowledged().size();
        // A read and a write of a client of its own, sent once PostgreSQL is down; it stays down until both are answered.
        String learner = ChangeLoad.PROVIDER + "/learners/" + load.learners().get(0);
        CompletableFuture<LedgerClient.Answer> read = CompletableFuture.supplyAsync(() -> answer(() ->
                client.get("auditor", learner)));
        CompletableFuture<LedgerClient.Answer> write = CompletableFuture.supplyAsync(() -> answer(() ->
                client.post("raiser", learner + "/changes", Map.of("type", "CHANGE_OF_EMPLOYER",
                        "effectiveDate", "2026-07-30", "values", Map.of("empId", 100000002), "reason", "Learner told us",
                        "evidence", List.of(load.evidenceId())))));
        CompletableFuture.allOf(read, write).get(60, TimeUnit.SECONDS);
        Thread.sleep(Math.max(0, (outageEnds - System.nanoTime()) / 1_000_000));
        Map<Integer, Integer> errorsWhileDown = load.serverErrors();
        int answeredWhileDown = load.acknowledged().size() - answeredBeforeTheOutage;
        postgres.start();

        load.awaitMoreApprovals(30, ChangeLoad.GUARD);
        load.stop();
        StoreAudit.Findings findings = StoreAudit.of(client, postgres.database(), TestKafka.bootstrapServers(), topic,
                load.acknowledged());
        System.out.println(StoreAudit.HEADER + "\n" + findings.row("PostgreSQL stopped " + OUTAGE.toSeconds()
                + " s mid-load, started again", load.serverErrors()));
        System.out.printf("PostgreSQL restart: %d approvals answered before the outage, %d while it lasted, %d after; "
                        + "5xx by status while down %s, in all %s; %d requests unanswered; %d approvals whose answer "
                        + "was lost found approved on retry; %d events stored, %d records on the topic%n",
                answeredBeforeTheOutage, answeredWhileDown,
                load.acknowledged().size() - answeredBeforeTheOutage - answeredWhileDown, errorsWhileDown,
                load.serverErrors(), load.unanswered(), load.answeredAfterALostAnswer(), findings.events(),
                findings.kafkaRecords());

        for (LedgerClient.Answer probe : List.of(read.join(), write.join())) {
            assertThat(probe.status()).as(probe.text()).isEqualTo(503);
            assertThat(probe.isProblem()).as(probe.contentType() + " " + probe.text()).isTrue();
            assertThat(probe.at("/type")).isEqualTo("urn:ilr-ledger:problem:database-unavailable");
            assertThat(probe.retryAfter()).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        }
        assertThat(load.unexpected()).as(() -> "answers other than a 503 problem with Retry-After; the service logged:\n"
                + service.errors()).isEmpty();
        assertThat(load.serverErrors()).as("5xx answers by status").containsOnlyKeys(503);
        findings.assertNothingLostOrDoubled();
    }

    @FunctionalInterface
    private interface Call {
        LedgerClient.Answer send() throws Exception;
    }

    private static LedgerClient.Answer answer(Call call) {
        try {
            return call.send();
        } catch (Exception e) {
            throw new IllegalStateException("no answer while PostgreSQL was down", e);
        }
    }
}
