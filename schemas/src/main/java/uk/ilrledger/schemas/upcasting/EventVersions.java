package uk.ilrledger.schemas.upcasting;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published versions of a stream's events. Version {@code n} of event type {@code T} is the
 * JSON Schema {@code <folder>T.v<n>.schema.json} on the classpath, and the current version is the
 * highest one there. Upcasters bring JSON of any earlier version to the current one, one version
 * at a time.
 */
public final class EventVersions {

    /**
     * The learner events. Raising an event's version means publishing its new schema file and
     * adding the upcaster from the version before it here.
     */
    public static final EventVersions LEARNER_EVENTS = new EventVersions("json-schemas/learner-events/",
            EventVersions.class.getClassLoader(), List.of(new RecordCorrectedWholeRecord(), new ChangeRaisedMoreProposals(1),
                    new ChangeRaisedMoreProposals(2)));

    private final String folder;
    private final ClassLoader resources;
    private final Map<String, Map<Integer, EventUpcaster>> upcasters = new HashMap<>();
    private final Map<String, Integer> current = new ConcurrentHashMap<>();

    public EventVersions(String folder, ClassLoader resources, List<EventUpcaster> upcasters) {
        this.folder = folder;
        this.resources = resources;
        for (EventUpcaster upcaster : upcasters) {
            EventUpcaster earlier = this.upcasters.computeIfAbsent(upcaster.eventType(), type -> new HashMap<>())
                    .putIfAbsent(upcaster.fromVersion(), upcaster);
            if (earlier != null) {
                throw new IllegalArgumentException("two upcasters for " + upcaster.eventType() + " from version "
                        + upcaster.fromVersion());
            }
        }
    }

    /** Where version {@code version} of the event type's schema is on the classpath. */
    public String schemaResource(String eventType, int version) {
        return folder + eventType + ".v" + version + ".schema.json";
    }

    /** The highest published version of the event type. */
    public int current(String eventType) {
        return current.computeIfAbsent(eventType, type -> {
            int version = 0;
            while (resources.getResource(schemaResource(type, version + 1)) != null) {
                version++;
            }
            if (version == 0) {
                throw new IllegalArgumentException(type + " has no published JSON Schema: "
                        + schemaResource(type, 1) + " is not on the classpath");
            }
            return version;
        });
    }

    public Optional<EventUpcaster> upcaster(String eventType, int fromVersion) {
        return Optional.ofNullable(upcasters.getOrDefault(eventType, Map.of()).get(fromVersion));
    }

    /** The event's JSON at {@code version} brought to the current version. */
    public Map<String, Object> upcast(String eventType, int version, Map<String, Object> event) {
        Map<String, Object> json = event;
        for (int from = version; from < current(eventType); from++) {
            int step = from;
            json = upcaster(eventType, step).orElseThrow(() -> new IllegalStateException(
                    "no upcaster for " + eventType + " from version " + step)).upcast(json);
        }
        return json;
    }
}
