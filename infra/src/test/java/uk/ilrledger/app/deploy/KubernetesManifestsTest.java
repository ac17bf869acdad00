package uk.ilrledger.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import uk.ilrledger.app.Api;
import uk.ilrledger.app.IntegrationTest;
import uk.ilrledger.app.security.UsersProperties;

/**
 * Every manifest in {@code deploy/kubernetes} is a Kubernetes object of a known kind, and the
 * Deployment probes what the running service serves: its liveness and readiness groups, on the
 * container port that is the service's own. The Service, the PodDisruptionBudget and the Deployment
 * select the same pods; every variable from the ConfigMap and the database Secret names a property
 * the service reads; the users Secret holds users the service can bind.
 */
@IntegrationTest
class KubernetesManifestsTest {

    private static final Path MANIFESTS = uk.ilrledger.app.deploy.Deployment.root().resolve("deploy/kubernetes");
    private static final Map<String, HasMetadata> OBJECTS = new LinkedHashMap<>();
    private static ServiceProperties properties;

    @Autowired
    TestRestTemplate rest;

    @Autowired
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Autowired
    Environment environment;

    @BeforeAll
    static void parse() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Object parsed = serialization.unmarshal(in);
                    assertThat(parsed).as(file.getFileName() + " is one Kubernetes object").isInstanceOf(HasMetadata.class);
                    assertThat(parsed).as(file.getFileName() + " is of a kind the API model knows")
                            .isNotInstanceOf(GenericKubernetesResource.class);
                    HasMetadata object = (HasMetadata) parsed;
                    OBJECTS.put(object.getKind() + "/" + object.getMetadata().getName(), object);
                }
            }
        }
        properties = ServiceProperties.load();
    }

    @Test
    void theManifestsHoldADeploymentServiceConfigMapSecretsAndADisruptionBudget() {
        assertThat(OBJECTS).containsKeys("Deployment/ilr-ledger", "Service/ilr-ledger", "ConfigMap/ilr-ledger",
                "Secret/ilr-ledger-database", "Secret/ilr-ledger-users", "PodDisruptionBudget/ilr-ledger",
                "PersistentVolumeClaim/ilr-ledger-anchors");
        Deployment deployment = object("Deployment/ilr-ledger", Deployment.class);
        Container container = container(deployment);
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        PodDisruptionBudget budget = object("PodDisruptionBudget/ilr-ledger", PodDisruptionBudget.class);
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).as("a drain leaves an instance, and takes one")
                .isBetween(1, deployment.getSpec().getReplicas() - 1);
    }

    @Test
    void theProbesAreTheRunningServicesHealthGroupsOnItsOwnPort() {
        Container container = container(object("Deployment/ilr-ledger", Deployment.class));
        int servicePort = Integer.parseInt(properties.applicationValue("server.port").orElseThrow());
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("startup", container.getStartupProbe());
        probes.put("liveness", container.getLivenessProbe());
        probes.put("readiness", container.getReadinessProbe());
        Api api = new Api(rest, json);
        probes.forEach((kind, probe) -> {
            assertThat(probe).as(kind + " probe").isNotNull();
            assertThat(port(container, probe.getHttpGet().getPort())).as(kind + " probe's port").isEqualTo(servicePort);
            String path = probe.getHttpGet().getPath();
            assertThat(path).as(kind).startsWith("/actuator/health/");
            String group = path.substring("/actuator/health/".length());
            assertThat(environment.getProperty("management.endpoint.health.group." + group + ".include"))
                    .as(kind + " probe's group " + group + " is one the service defines").isNotBlank();
            // The path answers without signing in, as a kubelet asks, and is a group of health components.
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(api.get(null, path).status())
                    .as(kind + " " + path).isEqualTo(200));
            JsonNode members = api.get("admin", path).body().path("components");
            assertThat(members.size()).as(kind + " " + path + " components").isPositive();
        });
        assertThat(api.get("admin", container.getReadinessProbe().getHttpGet().getPath()).body().path("components")
                .fieldNames()).toIterable().contains("migrations", "processorShares", "readinessState");
        assertThat(api.get("admin", container.getLivenessProbe().getHttpGet().getPath()).body().path("components")
                .fieldNames()).toIterable().as("liveness depends on nothing outside the process").containsExactly("livenessState");
    }

    @Test
    void theServiceAndTheBudgetSelectTheDeploymentsPodsOnItsPort() {
        Deployment deployment = object("Deployment/ilr-ledger", Deployment.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        Service service = object("Service/ilr-ledger", Service.class);
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        PodDisruptionBudget budget = object("PodDisruptionBudget/ilr-ledger", PodDisruptionBudget.class);
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        int servicePort = Integer.parseInt(properties.applicationValue("server.port").orElseThrow());
        Container container = container(deployment);
        service.getSpec().getPorts().forEach(port -> assertThat(port(container, port.getTargetPort())).isEqualTo(servicePort));
    }

    @Test
    void everyVariableFromTheConfigMapAndSecretNamesAPropertyTheServiceReads() {
        Container container = container(object("Deployment/ilr-ledger", Deployment.class));
        List<String> variables = new ArrayList<>();
        container.getEnvFrom().forEach(source -> {
            if (source.getConfigMapRef() != null) {
                variables.addAll(object("ConfigMap/" + source.getConfigMapRef().getName(), ConfigMap.class).getData().keySet());
            }
            if (source.getSecretRef() != null) {
                variables.addAll(object("Secret/" + source.getSecretRef().getName(), Secret.class).getStringData().keySet());
            }
        });
        assertThat(variables).contains("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                "ILR_LEDGER_KAFKA_BOOTSTRAP_SERVERS", "ILR_LEDGER_CHAIN_KEY", "ILR_LEDGER_MASTER_KEY");
        assertThat(variables.stream().filter(v -> properties.propertySetBy(v).isEmpty()).toList())
                .as("variables no property of the service answers to").isEmpty();
        ConfigMap config = object("ConfigMap/ilr-ledger", ConfigMap.class);
        assertThat(config.getData().get("ILR_LEDGER_KAFKA_TOPIC"))
                .isEqualTo(properties.applicationValue("ilr-ledger.kafka.topic").orElseThrow());
    }

    @Test
    void theUsersSecretIsMountedWhereTheServiceImportsItAndHoldsUsersItCanBind() throws IOException {
        Deployment deployment = object("Deployment/ilr-ledger", Deployment.class);
        Container container = container(deployment);
        String imported = object("ConfigMap/ilr-ledger", ConfigMap.class).getData().get("SPRING_CONFIG_IMPORT");
        assertThat(imported).startsWith("file:");
        Path file = Path.of(imported.substring("file:".length()));
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath())).findFirst().orElseThrow();
        Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        Secret users = object("Secret/" + volume.getSecret().getSecretName(), Secret.class);
        String content = users.getStringData().get(Path.of(mount.getMountPath()).relativize(file).toString());
        assertThat(content).as("the imported file is a key of the mounted Secret").isNotNull();

        List<UsersProperties.User> bound = ServiceProperties.users(content);
        assertThat(bound).isNotEmpty().allSatisfy(user -> {
            assertThat(user.name()).isNotBlank();
            assertThat(user.password()).as(user.name()).startsWith("{bcrypt}");
            assertThat(user.roles()).as(user.name()).isNotEmpty();
            assertThat(user.ukprns()).as(user.name()).isNotEmpty();
        });
        assertThat(bound).anySatisfy(user -> assertThat(user.ukprns()).containsExactly("*"));

        PersistentVolumeClaim anchors = object("PersistentVolumeClaim/ilr-ledger-anchors", PersistentVolumeClaim.class);
        assertThat(anchors.getSpec().getAccessModes()).as("every instance writes the checkpoints").contains("ReadWriteMany");
        String anchorDir = object("ConfigMap/ilr-ledger", ConfigMap.class).getData().get("ILR_LEDGER_CHAIN_ANCHOR_DIR");
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(anchorDir).startsWith(m.getMountPath());
            assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(m.getName());
                assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo(anchors.getMetadata().getName());
            });
        });
    }

    private static int port(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    private static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static <T extends HasMetadata> T object(String key, Class<T> type) {
        assertThat(OBJECTS).containsKey(key);
        return type.cast(OBJECTS.get(key));
    }
}
