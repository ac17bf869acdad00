package uk.ilrledger.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.ilrledger.testsupport.OwnDatabase;
import uk.ilrledger.testsupport.TestDatabase;
import uk.ilrledger.testsupport.TestKafka;

/**
 * The service, a process of its own, killed with SIGKILL while eight clients raise and approve
 * changes, and started again: the clients carry on, every approval any of them was answered 2xx
 * for (before or after the kill) is in the store once, nothing is stored twice, every chain
 * verifies and the processors, the Kafka publisher among them, reach the store's head.
 */
@BesideTheOtherTests
class ServiceKilledMidLoadTest {

    @TempDir
    Path work;

    private LedgerService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.kill();
        }
    }

    @Test
    void everyApprovalAnsweredAroundASigkillIsStoredOnceAndEveryChainVerifies() throws Exception {
        TestDatabase database = OwnDatabase.create("kill");
        String topic = "faults-kill-" + UUID.randomUUID();
        service = LedgerService.on(work, database, TestKafka.bootstrapServers(), topic);
        LedgerClient client = new LedgerClient(service);
        service.start(client.http());
        ChangeLoad load = ChangeLoad.prepare(client, "KILL");
        load.start();
        load.awaitMoreApprovals(40, ChangeLoad.GUARD);

        service.kill();
        int answeredBeforeTheKill = load.acknowledged().size();
        service.start(client.http());
        Duration restart = service.lastStart();
        load.awaitMoreApprovals(40, ChangeLoad.GUARD);
        load.stop();

        StoreAudit.Findings findings = StoreAudit.of(client, database, TestKafka.bootstrapServers(), topic,
                load.acknowledged());
        System.out.println(StoreAudit.HEADER + "\n" + findings.row("SIGKILL mid-load, restarted", load.serverErrors()));
        System.out.printf("SIGKILL: %d approvals answered before the kill, %d after; %d requests unanswered while the "
                        + "service was down (its restart took %d s); %d approvals whose answer was lost found approved on retry; %d events "
                        + "stored, %d records on the topic%n", answeredBeforeTheKill,
                load.acknowledged().size() - answeredBeforeTheKill, load.unanswered(), restart.toSeconds(),
                load.answeredAfterALostAnswer(),
                findings.events(), findings.kafkaRecords());

        assertThat(load.unexpected()).as("answers no client should get").isEmpty();
        assertThat(load.unanswered()).as("the kill cut requests off").isPositive();
        findings.assertNothingLostOrDoubled();
    }
}
