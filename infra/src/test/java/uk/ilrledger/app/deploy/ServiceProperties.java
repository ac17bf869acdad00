package uk.ilrledger.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.Yaml;
import uk.ilrledger.app.chain.ChainProperties;
import uk.ilrledger.app.security.LoginThrottleProperties;
import uk.ilrledger.app.security.UsersProperties;

/**
 * The properties the service reads: those its {@code application.yml} sets, those of its own
 * configuration records, and Spring Boot's documented ones (the configuration metadata its jars carry).
 * Answers which of them an environment variable sets, by Spring's own relaxed binding rules.
 */
final class ServiceProperties {

    /** The variables the service reads under their own names, besides the relaxed forms of its properties. */
    static final List<String> READ_BY_NAME = List.of("ILR_LEDGER_CHAIN_KEY", "ILR_LEDGER_CHAIN_KEY_ID",
            "ILR_LEDGER_DATA_DIR", "ILR_LEDGER_DEMO_PASSWORD", "ILR_LEDGER_MASTER_KEY", "ILR_LEDGER_MASTER_KEY_ID");

    private static final int LIST_ENTRIES = 10;

    private final Map<String, Object> applicationYml;
    private final TreeSet<String> names = new TreeSet<>();

    private ServiceProperties(Map<String, Object> applicationYml) {
        this.applicationYml = applicationYml;
    }

    static ServiceProperties load() {
        Map<String, Object> flat = new LinkedHashMap<>();
        try (InputStream yml = ServiceProperties.class.getResourceAsStream("/application.yml")) {
            flatten("", new Yaml().load(yml), flat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceProperties properties = new ServiceProperties(flat);
        properties.names.addAll(flat.keySet());
        properties.addRecord(ChainProperties.class, ChainProperties.class.getAnnotation(ConfigurationProperties.class).value());
        properties.addRecord(LoginThrottleProperties.class,
                LoginThrottleProperties.class.getAnnotation(ConfigurationProperties.class).value());
        String users = UsersProperties.class.getAnnotation(ConfigurationProperties.class).value() + ".users";
        for (int i = 0; i < LIST_ENTRIES; i++) {
            properties.addRecord(UsersProperties.User.class, users + "[" + i + "]");
        }
        properties.addSpringBootMetadata();
        return properties;
    }

    /** The value application.yml gives a property, if it gives one. */
    Optional<String> applicationValue(String name) {
        return Optional.ofNullable(applicationYml.get(name)).map(String::valueOf);
    }

    /** The property the environment variable sets, if it sets one the service reads. */
    Optional<String> propertySetBy(String variable) {
        if (READ_BY_NAME.contains(variable)) {
            return Optional.of(variable);
        }
        ConfigurationPropertySource source = ConfigurationPropertySource.from(
                new SystemEnvironmentPropertySource("deployment", Map.of(variable, "value")));
        return names.stream()
                .filter(ConfigurationPropertyName::isValid)
                .filter(name -> source.getConfigurationProperty(ConfigurationPropertyName.of(name)) != null)
                .findFirst();
    }

    /** The users a YAML configuration file (as imported with {@code spring.config.import}) gives the service. */
    static List<UsersProperties.User> users(String yaml) {
        StandardEnvironment loaded = new StandardEnvironment();
        try {
            new YamlPropertySourceLoader().load("users", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                    .forEach(loaded.getPropertySources()::addFirst);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Binder.get(loaded).bind(UsersProperties.class.getAnnotation(ConfigurationProperties.class).value(),
                UsersProperties.class).map(UsersProperties::users).orElse(List.of());
    }

    /** Whether the service reads this property (in Spring's canonical form, e.g. {@code ilr-ledger.users[0].name}). */
    boolean reads(String property) {
        return names.contains(property);
    }

    private void addRecord(Class<?> type, String prefix) {
        for (RecordComponent component : type.getRecordComponents()) {
            names.add(prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase());
        }
    }

    private void addSpringBootMetadata() {
        ObjectMapper json = new ObjectMapper();
        try {
            for (Resource metadata : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
                try (InputStream in = metadata.getInputStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        names.add(property.get("name").asText());
                    }
                }
            }
            for (Resource metadata : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:META-INF/additional-spring-configuration-metadata.json")) {
                try (InputStream in = metadata.getInputStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        names.add(property.get("name").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child, into));
        } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
            List<Object> items = new ArrayList<>(list);
            for (int i = 0; i < items.size(); i++) {
                flatten(prefix + "[" + i + "]", items.get(i), into);
            }
        } else {
            into.put(prefix, value);
        }
    }
}
