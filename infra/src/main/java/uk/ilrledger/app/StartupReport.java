package uk.ilrledger.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import uk.ilrledger.app.embedded.EmbeddedPostgresServer;
import uk.ilrledger.app.security.SecurityConfiguration;
import uk.ilrledger.app.security.SecurityConfiguration.DemoUsers;
import uk.ilrledger.projections.kafka.KafkaConnection;

/** Tells whoever started the service where to find it, its data and its users. */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final ObjectProvider<EmbeddedPostgresServer> embeddedPostgres;
    private final KafkaConnection kafka;
    private final DemoUsers demoUsers;
    private final String dataDir;

    StartupReport(ObjectProvider<EmbeddedPostgresServer> embeddedPostgres, KafkaConnection kafka, DemoUsers demoUsers,
            @Value("${ILR_LEDGER_DATA_DIR:./ilr-ledger-data}") String dataDir) {
        this.embeddedPostgres = embeddedPostgres;
        this.kafka = kafka;
        this.demoUsers = demoUsers;
        this.dataDir = dataDir;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String base = "http://localhost:" + web.getWebServer().getPort();
        StringBuilder report = new StringBuilder("\n\nILR Ledger is running\n");
        report.append("  API:          ").append(base).append("/api\n");
        report.append("  OpenAPI page: ").append(base).append("/swagger-ui.html\n");
        EmbeddedPostgresServer postgres = embeddedPostgres.getIfAvailable();
        if (postgres != null) {
            report.append("  Data:         ").append(EmbeddedDefaults.dataDirectory(dataDir))
                    .append(" (embedded PostgreSQL on port ").append(postgres.port()).append(")\n");
        }
        report.append("  Kafka:        ").append(kafka.bootstrapServers()).append(", topic ").append(kafka.topic())
                .append('\n');
        if (demoUsers.enabled()) {
            report.append("  Demo users:   ").append(String.join(", ", SecurityConfiguration.DEMO_USERS))
                    .append(" (HTTP basic), password ")
                    .append(demoUsers.generated() ? demoUsers.password() + " (generated; set ILR_LEDGER_DEMO_PASSWORD to choose one)"
                            : "from ILR_LEDGER_DEMO_PASSWORD")
                    .append('\n');
        }
        log.info(report.toString());
    }
}
