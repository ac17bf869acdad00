package uk.ilrledger.app.chain;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;
import uk.ilrledger.app.EmbeddedDefaults;
import uk.ilrledger.command.chain.ChainCheckpoints;
import uk.ilrledger.command.chain.ChainHeads;
import uk.ilrledger.command.chain.ChainKey;
import uk.ilrledger.command.chain.ChainKeyring;

/** The chain key from configuration (or the embedded default's key file), the checkpoints and their schedule. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChainProperties.class)
public class ChainConfiguration {

    @Bean
    ChainKeyring chainKeyring(ChainProperties properties, Environment environment) {
        return keyring(properties, environment, true);
    }

    /** The latest committed links, so an append rarely reads the chain table (decision 27). */
    @Bean
    ChainHeads chainHeads(ChainProperties properties) {
        return new ChainHeads(properties.heldHeads());
    }

    @Bean
    ChainCheckpoints chainCheckpoints(DataSource dataSource, ChainKeyring keys, ChainProperties properties, Clock clock,
            Environment environment) {
        return new ChainCheckpoints(dataSource, keys, anchorDirectory(properties, environment), clock);
    }

    /** After Flyway, so the first checkpoint can read the chain; before the web server takes a request. */
    @Bean
    @DependsOn("flywayInitializer")
    ChainAnchoring chainAnchoring(ChainCheckpoints checkpoints, ChainProperties properties) {
        return new ChainAnchoring(checkpoints, properties.anchorInterval());
    }

    /**
     * The keyring: {@code ilr-ledger.chain.key} (or {@code ILR_LEDGER_CHAIN_KEY}) when set; else, only with
     * the embedded PostgreSQL, the key
     * file in the data directory ({@code createKeyFile}: made on first start). A configured database
     * without a configured key is refused: instances sharing a store must share its key.
     */
    public static ChainKeyring keyring(ChainProperties properties, Environment environment, boolean createKeyFile) {
        List<ChainKey> retired = properties.retiredKeys().entrySet().stream()
                .map(e -> ChainKey.fromBase64(e.getKey(), e.getValue()))
                .toList();
        String key = firstSet(properties.key(), environment.getProperty("ILR_LEDGER_CHAIN_KEY"));
        if (key != null) {
            return ChainKeyring.of(ChainKey.fromBase64(firstSet(properties.keyId(),
                    environment.getProperty("ILR_LEDGER_CHAIN_KEY_ID")), key), retired);
        }
        if (environment.containsProperty("spring.datasource.url")) {
            throw new IllegalStateException("no chain key: set ilr-ledger.chain.key (environment ILR_LEDGER_CHAIN_KEY) "
                    + "to the base64 of 32 random bytes, e.g. `openssl rand -base64 32`, kept outside the database");
        }
        Path dataDirectory = dataDirectory(environment);
        Supplier<IllegalStateException> missing = () -> new IllegalStateException("no chain key: "
                + EmbeddedDefaults.chainKeyFile(dataDirectory) + " does not exist (the service makes it on its first "
                + "start) and ilr-ledger.chain.key is not set");
        Optional<ChainKey> fileKey = createKeyFile ? Optional.of(EmbeddedDefaults.chainKey(dataDirectory))
                : EmbeddedDefaults.existingChainKey(dataDirectory);
        return ChainKeyring.of(fileKey.orElseThrow(missing), retired);
    }

    /** {@code ilr-ledger.chain.anchor-dir}, by default {@code anchors} in the data directory. */
    public static Path anchorDirectory(ChainProperties properties, Environment environment) {
        String configured = firstSet(properties.anchorDir(), null);
        return configured != null ? Path.of(configured).toAbsolutePath().normalize()
                : dataDirectory(environment).resolve("anchors");
    }

    private static Path dataDirectory(Environment environment) {
        return EmbeddedDefaults.dataDirectory(environment.getProperty("ILR_LEDGER_DATA_DIR",
                EmbeddedDefaults.DEFAULT_DATA_DIR));
    }

    /** The first value that is set and not blank: an empty environment variable counts as unset. */
    private static String firstSet(String value, String fallback) {
        if (value != null && !value.isBlank()) {
            return value;
        }
        return fallback == null || fallback.isBlank() ? null : fallback;
    }
}
