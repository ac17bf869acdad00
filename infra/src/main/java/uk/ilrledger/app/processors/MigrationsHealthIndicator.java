package uk.ilrledger.app.processors;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code migrations} component of the readiness group: UP once every migration this instance
 * carries is applied to its database, with none failed; DOWN naming those pending or failed. The
 * schema's newest version is in the details.
 */
@Component("migrations")
public class MigrationsHealthIndicator implements HealthIndicator {

    private final Flyway flyway;

    public MigrationsHealthIndicator(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public Health health() {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        String[] pending = Arrays.stream(info.pending()).map(MigrationInfo::getScript).toArray(String[]::new);
        String[] failed = Arrays.stream(info.all()).filter(m -> m.getState().isFailed())
                .map(MigrationInfo::getScript).toArray(String[]::new);
        Health.Builder health = pending.length == 0 && failed.length == 0 ? Health.up() : Health.down();
        health.withDetail("version", current == null ? "none" : current.getVersion().toString());
        if (pending.length > 0) {
            health.withDetail("pending", pending);
        }
        if (failed.length > 0) {
            health.withDetail("failed", failed);
        }
        return health.build();
    }
}
