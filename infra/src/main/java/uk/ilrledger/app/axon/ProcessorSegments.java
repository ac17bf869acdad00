package uk.ilrledger.app.axon;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * How the tracking processors are shared between instances on one event store.
 *
 * @param count how many segments each tracking processor is split into when its tokens are first made
 *        ({@code ilr-ledger.processors.segments}, 1)
 * @param claimTimeout how long a segment's claim holds without its owner renewing it: an instance killed
 *        outright has its segments taken by the others this long after its last renewal
 *        ({@code ilr-ledger.processors.claim-timeout}, 10s)
 * @param claimInterval how often an instance with a free thread looks for a segment to claim, and
 *        checks whether it holds more than its share ({@code ilr-ledger.processors.claim-interval}, 2s)
 */
public record ProcessorSegments(int count, Duration claimTimeout, Duration claimInterval) {

    public ProcessorSegments {
        if (count < 1) {
            throw new IllegalArgumentException("ilr-ledger.processors.segments must be at least 1, not " + count);
        }
        if (claimTimeout.compareTo(claimInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("ilr-ledger.processors.claim-timeout (" + claimTimeout
                    + ") must be at least twice ilr-ledger.processors.claim-interval (" + claimInterval
                    + "), or a live owner's claims could lapse between its renewals");
        }
    }

    /** The settings from the environment, with Spring Boot's conversions ({@code 10s}) wherever it is read. */
    public static ProcessorSegments from(Environment environment) {
        Binder binder = Binder.get(environment);
        return new ProcessorSegments(
                binder.bind("ilr-ledger.processors.segments", Integer.class).orElse(1),
                binder.bind("ilr-ledger.processors.claim-timeout", Duration.class).orElse(Duration.ofSeconds(10)),
                binder.bind("ilr-ledger.processors.claim-interval", Duration.class).orElse(Duration.ofSeconds(2)));
    }

    /**
     * Gives every tracking processor under {@code axon.eventhandling.processors} the segment count, a
     * thread per segment (so one instance can hold them all) and the claim interval, as defaults below
     * every other property source: a processor configured with its own keeps them. Axon reads its
     * processors' settings once, as its configuration is built, so they are set here, in the environment.
     * Axon's default sequencing policy keeps each aggregate (a learner, a provider's year) in one
     * segment, so its events are handled in order.
     */
    public static class Defaults implements EnvironmentPostProcessor, Ordered {

        static final String SOURCE = "ilr-ledger-processor-segments";
        private static final Pattern PROCESSOR_MODE = Pattern.compile("axon\\.eventhandling\\.processors\\.([^.]+)\\.mode");

        @Override
        public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
            ProcessorSegments segments = from(environment);
            Map<String, Object> defaults = new LinkedHashMap<>();
            for (PropertySource<?> source : environment.getPropertySources()) {
                if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                    continue;
                }
                for (String property : enumerable.getPropertyNames()) {
                    Matcher mode = PROCESSOR_MODE.matcher(property);
                    if (mode.matches() && "tracking".equalsIgnoreCase(environment.getProperty(property))) {
                        String prefix = "axon.eventhandling.processors." + mode.group(1) + ".";
                        defaults.put(prefix + "initial-segment-count", segments.count());
                        defaults.put(prefix + "thread-count", segments.count());
                        defaults.put(prefix + "token-claim-interval", segments.claimInterval().toMillis());
                        defaults.put(prefix + "token-claim-interval-time-unit", "MILLISECONDS");
                    }
                }
            }
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
        }

        /** After the application's own configuration files are read. */
        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
