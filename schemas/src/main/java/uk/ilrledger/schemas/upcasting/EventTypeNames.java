package uk.ilrledger.schemas.upcasting;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import uk.ilrledger.schemas.learner.LearnerEvent;
import uk.ilrledger.schemas.returns.ProviderReturnEvent;

/**
 * The names events are stored and published under: the event's name in the domain's language
 * ({@code LearnerWithdrawn}), never its Java class name, so that moving or renaming a class does
 * not strand the events already stored. The names are pinned by a test; a class renamed later keeps
 * its stored name through an entry in {@link #FORMER_NAMES}.
 *
 * <p>Events stored before names were introduced carry their Java class name; those are still read.
 */
public final class EventTypeNames {

    /** Names that an event type was once stored under, for types whose class has since been renamed. */
    private static final Map<String, String> FORMER_NAMES = Map.of();

    private static final String LEGACY_PACKAGE_PREFIX = "uk.ilrledger.schemas.";
    private static final Pattern BARE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

    private static final Map<String, Class<?>> BY_NAME;
    private static final Map<Class<?>, String> BY_CLASS;

    static {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        collect(LearnerEvent.class, byName);
        collect(ProviderReturnEvent.class, byName);
        Map<Class<?>, String> byClass = new LinkedHashMap<>();
        byName.forEach((name, type) -> byClass.put(type, name));
        FORMER_NAMES.forEach((former, current) -> byName.put(former, byName.get(current)));
        BY_NAME = Collections.unmodifiableMap(byName);
        BY_CLASS = Collections.unmodifiableMap(byClass);
    }

    private EventTypeNames() {
    }

    /** Every event record under a sealed event interface, by its simple name. */
    private static void collect(Class<?> type, Map<String, Class<?>> into) {
        if (type.isRecord()) {
            Class<?> earlier = into.put(type.getSimpleName(), type);
            if (earlier != null && earlier != type) {
                throw new IllegalStateException("two event types are named " + type.getSimpleName());
            }
            return;
        }
        for (Class<?> permitted : type.getPermittedSubclasses()) {
            collect(permitted, into);
        }
    }

    /** The stored name of an event class, if it is one of the ledger's events. */
    public static Optional<String> nameOf(Class<?> type) {
        return Optional.ofNullable(BY_CLASS.get(type));
    }

    /**
     * The event class stored under {@code storedName}: a stored name, a former name, or the Java class
     * name that events stored before stable names carry. Empty when the name is none of the ledger's.
     */
    public static Optional<Class<?>> typeOf(String storedName) {
        Class<?> type = BY_NAME.get(storedName);
        if (type == null && storedName.startsWith(LEGACY_PACKAGE_PREFIX)) {
            type = BY_NAME.get(storedName.substring(storedName.lastIndexOf('.') + 1));
            if (type != null && !type.getName().equals(storedName)) {
                type = null; // the same simple name in another package is not the same event
            }
        }
        return Optional.ofNullable(type);
    }

    /**
     * Whether {@code storedName} claims to be one of the ledger's events: a bare domain name
     * ({@code UpperCamelCase}, no package) or a name in the schemas' packages. Such a name that {@link #typeOf} does not know is an event this version
     * of the code cannot read, and must stop whoever reads it rather than be passed over.
     */
    public static boolean claimsLedgerEvent(String storedName) {
        return storedName.startsWith(LEGACY_PACKAGE_PREFIX) || BARE_NAME.matcher(storedName).matches();
    }

    /** Every stored name in use today, in declaration order of the sealed interfaces. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(BY_CLASS.values()));
    }
}
