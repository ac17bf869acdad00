package uk.ilrledger.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.app.kafka.RestartableKafkaBroker;
import uk.ilrledger.testsupport.TestDatabase;

/**
 * The service's Kafka broker (one of this test's own) down for a minute while eight clients raise
 * and approve changes: the clients notice nothing (no 5xx, approvals go on being recorded), and once
 * the broker is back the topic holds every stored event, each event id at least once, and nothing
 * the store does not have.
 */
@BesideTheOtherTests
class KafkaDownForAMinuteTest {

    static final Duration OUTAGE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private RestartableKafkaBroker broker;
    private LedgerService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.kill();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void approvalsGoOnWhileKafkaIsDownAndEveryEventIsPublishedOnceItIsBack() throws Exception {
        broker = RestartableKafkaBroker.start();
        TestDatabase database = OwnDatabase.create("kafkadown");
        String topic = "faults-kafka-" + UUID.randomUUID();
        service = LedgerService.on(work, database, broker.bootstrapServers(), topic);
        LedgerClient client = new LedgerClient(service);
        service.start(client.http());
        ChangeLoad load = ChangeLoad.prepare(client, "KAFK");
        load.start();
        load.awaitMoreApprovals(30, ChangeLoad.GUARD);

        broker.stop();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        int answeredBeforeTheOutage = load.acknowledged().size();
        long storedBeforeTheOutage = storedEvents(database);
        Thread.sleep(Math.max(0, (outageEnds - System.nanoTime()) / 1_000_000));
        int answeredWhileDown = load.acknowledged().size() - answeredBeforeTheOutage;
        long storedWhileDown = storedEvents(database) - storedBeforeTheOutage;
        broker.restart();

        load.awaitMoreApprovals(30, ChangeLoad.GUARD);
        load.stop();
        StoreAudit.Findings findings = StoreAudit.of(client, database, broker.bootstrapServers(), topic,
                load.acknowledged());
        System.out.println(StoreAudit.HEADER + "\n" + findings.row("Kafka down " + OUTAGE.toSeconds()
                + " s mid-load", load.serverErrors()));
        System.out.printf("Kafka outage: %d approvals answered before it, %d while the broker was down (%d events "
                        + "stored meanwhile), %d after; %d events stored, %d records on the topic, %d distinct event ids%n",
                answeredBeforeTheOutage, answeredWhileDown, storedWhileDown,
                load.acknowledged().size() - answeredBeforeTheOutage - answeredWhileDown, findings.events(),
                findings.kafkaRecords(), findings.events() - findings.missingFromKafka().size());

        assertThat(answeredWhileDown).as("approvals answered while Kafka was down").isPositive();
        assertThat(load.unexpected()).as("answers no client should get").isEmpty();
        assertThat(load.serverErrors()).as("5xx answers by status").isEmpty();
        findings.assertNothingLostOrDoubled();
    }

    private static long storedEvents(TestDatabase database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement query = connection.createStatement();
             ResultSet count = query.executeQuery("SELECT count(*) FROM domain_event_entry")) {
            count.next();
            return count.getLong(1);
        }
    }
}
