package uk.ilrledger.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import uk.ilrledger.app.security.UsersProperties;

/**
 * The compose file runs what the service expects: its ledger services set only variables that name
 * properties the service reads, publish to the topic the compose file makes (with the partitions and
 * replicas that topic needs), reach the three brokers and PostgreSQL that are in it, and are checked,
 * by compose and by the proxy, on the service's own port and readiness group.
 */
class ComposeFileTest {

    static final Path COMPOSE = Deployment.root().resolve("deploy/compose");

    private static Map<String, Object> compose;
    private static Map<String, Object> services;
    private static ServiceProperties properties;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE.resolve("compose.yaml"))) {
            compose = new Yaml().load(reader);
        }
        services = (Map<String, Object>) compose.get("services");
        properties = ServiceProperties.load();
    }

    @Test
    void itRunsPostgresqlThreeKraftBrokersTwoLedgerInstancesAndAProxy() {
        assertThat(services).containsKeys("postgres", "kafka-1", "kafka-2", "kafka-3", "ledger-1", "ledger-2", "proxy");
        for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
            Map<String, Object> environment = environment(broker);
            assertThat(environment.get("KAFKA_PROCESS_ROLES")).as(broker).isEqualTo("broker,controller");
            assertThat(String.valueOf(environment.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).split(","))
                    .as(broker + " votes with the three").hasSize(3);
            assertThat(environment.get("KAFKA_ADVERTISED_LISTENERS")).as(broker)
                    .isEqualTo("PLAINTEXT://" + broker + ":9092");
        }
    }

    @Test
    void everyLedgerVariableNamesAPropertyTheServiceReads() {
        for (String ledger : ledgers()) {
            List<String> unknown = new ArrayList<>();
            environment(ledger).keySet().forEach(variable -> {
                if (properties.propertySetBy(variable).isEmpty()) {
                    unknown.add(variable);
                }
            });
            assertThat(unknown).as(ledger + ": variables no property of the service answers to").isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLedgersImportTheUsersSecretWhereComposeMountsItAndTheExampleHoldsUsersTheServiceCanBind() throws IOException {
        Map<String, Object> secrets = (Map<String, Object>) compose.get("secrets");
        for (String ledger : ledgers()) {
            String imported = String.valueOf(environment(ledger).get("SPRING_CONFIG_IMPORT"));
            assertThat(imported).as(ledger).startsWith("file:/run/secrets/");
            List<Map<String, Object>> mounted = (List<Map<String, Object>>) ((Map<String, Object>) services.get(ledger))
                    .get("secrets");
            Map<String, Object> secret = mounted.stream()
                    .filter(m -> imported.equals("file:/run/secrets/" + m.get("target"))).findFirst().orElseThrow();
            Map<String, Object> source = (Map<String, Object>) secrets.get(String.valueOf(secret.get("source")));
            assertThat(source.get("file")).as(ledger + "'s users file").isEqualTo("./users.yaml");
        }
        List<UsersProperties.User> users = ServiceProperties.users(Files.readString(COMPOSE.resolve("users.example.yaml")));
        assertThat(users).isNotEmpty().allSatisfy(user -> {
            assertThat(user.password()).as(user.name()).startsWith("{bcrypt}");
            assertThat(user.roles()).as(user.name()).isNotEmpty();
            assertThat(user.ukprns()).as(user.name()).isNotEmpty();
        });
        assertThat(users).anySatisfy(user -> assertThat(user.ukprns()).containsExactly("*"));
        assertThat(Files.readString(COMPOSE.resolve(".gitignore")).lines()).as("real secrets stay out of the repository")
                .contains(".env", "users.yaml");
    }

    @Test
    void theLedgersPublishToTheTopicTheComposeFileMakesOnTheBrokersItRuns() {
        String topic = properties.applicationValue("ilr-ledger.kafka.topic").orElseThrow();
        @SuppressWarnings("unchecked")
        List<String> command = (List<String>) ((Map<String, Object>) services.get("kafka-topics")).get("command");
        assertThat(command.get(command.indexOf("--topic") + 1)).isEqualTo(topic);
        assertThat(Integer.parseInt(command.get(command.indexOf("--replication-factor") + 1))).isEqualTo(3);
        assertThat(command).contains("min.insync.replicas=2");
        int maxMessageBytes = Integer.parseInt(command.stream().filter(c -> c.startsWith("max.message.bytes="))
                .findFirst().orElseThrow().substring("max.message.bytes=".length()));
        assertThat(maxMessageBytes).as("the topic takes the largest record the publisher may send")
                .isGreaterThanOrEqualTo(1024 * 1024);
        for (String ledger : ledgers()) {
            Map<String, Object> environment = environment(ledger);
            assertThat(environment.get("ILR_LEDGER_KAFKA_TOPIC")).as(ledger).isEqualTo(topic);
            assertThat(String.valueOf(environment.get("ILR_LEDGER_KAFKA_BOOTSTRAP_SERVERS")).split(","))
                    .as(ledger).containsExactlyInAnyOrder("kafka-1:9092", "kafka-2:9092", "kafka-3:9092");
            String database = String.valueOf(environment.get("SPRING_DATASOURCE_URL"));
            Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(\\w+)").matcher(database);
            assertThat(url.matches()).as(database).isTrue();
            assertThat(services).containsKey(url.group(1));
            assertThat(environment(url.group(1)).get("POSTGRES_DB")).isEqualTo(url.group(3));
            assertThat(environment(url.group(1)).get("POSTGRES_USER")).isEqualTo(environment.get("SPRING_DATASOURCE_USERNAME"));
            assertThat(Integer.parseInt(String.valueOf(environment.get("ILR_LEDGER_PROCESSORS_SEGMENTS"))))
                    .as(ledger + ": enough segments for every instance").isGreaterThanOrEqualTo(ledgers().size());
            assertThat(environment.get("ILR_LEDGER_CHAIN_ANCHOR_DIR")).as(ledger + ": one checkpoint directory for all")
                    .isEqualTo(environment(ledgers().get(0)).get("ILR_LEDGER_CHAIN_ANCHOR_DIR"));
        }
    }

    @Test
    void composeAndTheProxyCheckTheServicesReadinessGroupOnItsPort() throws IOException {
        String port = properties.applicationValue("server.port").orElseThrow();
        String readiness = "/actuator/health/readiness";
        assertThat(properties.reads("management.endpoint.health.group.readiness.include")).isTrue();
        assertThat(properties.applicationValue("management.endpoint.health.probes.enabled")).contains("true");
        for (String ledger : ledgers()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> healthcheck = (Map<String, Object>) ((Map<String, Object>) services.get(ledger)).get("healthcheck");
            String test = String.join(" ", (List<String>) healthcheck.get("test"));
            assertThat(test).as(ledger).contains("/127.0.0.1/" + port).contains("GET " + readiness + " ");
        }
        String caddyfile = Files.readString(COMPOSE.resolve("Caddyfile"));
        for (String ledger : ledgers()) {
            assertThat(caddyfile).contains(ledger + ":" + port);
        }
        assertThat(caddyfile).contains("health_uri " + readiness);
        assertThat(caddyfile).contains("max_size " + properties.applicationValue("ilr-ledger.imports.max-file-size").orElseThrow());
    }

    private static List<String> ledgers() {
        return services.keySet().stream().filter(name -> name.startsWith("ledger-")).sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
    }
}
