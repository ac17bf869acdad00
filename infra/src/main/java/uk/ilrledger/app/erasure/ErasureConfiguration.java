package uk.ilrledger.app.erasure;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import uk.ilrledger.app.EmbeddedDefaults;
import uk.ilrledger.command.erasure.PersonalDataKeys;
import uk.ilrledger.command.erasure.MasterKey;
import uk.ilrledger.command.erasure.PersonalDataSeal;

/**
 * The learners' keys and the master key that wraps them: {@code ilr-ledger.erasure.master-key} (or
 * {@code ILR_LEDGER_MASTER_KEY}) when set; else, only with the embedded PostgreSQL, the key file
 * {@code <data dir>/keys/learner-master.key}, made on first start. A configured database without a
 * configured master key is refused, as for the chain key: instances sharing a store must share it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ErasureProperties.class)
public class ErasureConfiguration {

    @Bean
    PersonalDataKeys personalDataKeys(JdbcClient jdbc, ErasureProperties properties, Environment environment, Clock clock) {
        Map<String, MasterKey> retired = properties.retiredMasterKeys().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> MasterKey.fromBase64(e.getKey(), e.getValue())));
        return new PersonalDataKeys(jdbc, masterKey(properties, environment), retired, clock);
    }

    @Bean
    PersonalDataSeal personalDataSeal(PersonalDataKeys keys, ObjectMapper objectMapper) {
        return new PersonalDataSeal(keys, objectMapper);
    }

    static MasterKey masterKey(ErasureProperties properties, Environment environment) {
        String configured = firstSet(properties.masterKey(), environment.getProperty("ILR_LEDGER_MASTER_KEY"));
        if (configured != null) {
            return MasterKey.fromBase64(firstSet(properties.masterKeyId(),
                    environment.getProperty("ILR_LEDGER_MASTER_KEY_ID")), configured);
        }
        if (environment.containsProperty("spring.datasource.url")) {
            throw new IllegalStateException("no learner master key: set ilr-ledger.erasure.master-key (environment "
                    + "ILR_LEDGER_MASTER_KEY) to the base64 of 32 random bytes, e.g. `openssl rand -base64 32`, "
                    + "kept outside the database");
        }
        Path dataDirectory = EmbeddedDefaults.dataDirectory(environment.getProperty("ILR_LEDGER_DATA_DIR",
                EmbeddedDefaults.DEFAULT_DATA_DIR));
        return MasterKey.fromBase64(null, keyFile(dataDirectory.resolve("keys").resolve("learner-master.key")));
    }

    /** The key file's text, the file made first if missing: 32 random bytes, base64, for its owner only. */
    static String keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Path staged = Files.createTempFile(file.getParent(), ".learner-master-", ".key");
                try {
                    ownerOnly(staged);
                    Files.writeString(staged, Base64.getEncoder().encodeToString(secret) + "\n");
                    Files.createLink(file, staged); // a second instance starting at once keeps the first one's
                } catch (FileAlreadyExistsException e) {
                    // the other instance's key
                } finally {
                    Files.deleteIfExists(staged);
                }
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make or read the learner master key file " + file, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
    }

    private static String firstSet(String value, String fallback) {
        if (value != null && !value.isBlank()) {
            return value;
        }
        return fallback == null || fallback.isBlank() ? null : fallback;
    }
}
