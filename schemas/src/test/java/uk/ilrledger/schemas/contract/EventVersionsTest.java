package uk.ilrledger.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.upcasting.EventUpcaster;
import uk.ilrledger.schemas.upcasting.EventVersions;

/** The current version of an event is its newest schema file, and upcasting walks every version in between. */
class EventVersionsTest {

    /** A classpath holding the schema files of "Left" versions 1 to 3 and nothing else. */
    static final ClassLoader THREE_VERSIONS = new ClassLoader(null) {
        final Set<String> files = Set.of("fixture/Left.v1.schema.json", "fixture/Left.v2.schema.json",
                "fixture/Left.v3.schema.json");

        @Override
        protected URL findResource(String name) {
            try {
                return files.contains(name) ? new URL("file:/" + name) : null;
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    static EventUpcaster step(int from, List<Integer> calls) {
        return new EventUpcaster() {
            public String eventType() {
                return "Left";
            }

            public int fromVersion() {
                return from;
            }

            public Map<String, Object> upcast(Map<String, Object> event) {
                calls.add(from);
                return Map.of("version", from + 1);
            }
        };
    }

    @Test
    void theLearnerEventsAreAtTheVersionOfTheirNewestSchemaFile() {
        assertThat(EventVersions.LEARNER_EVENTS.current("LearnerWithdrawn")).isEqualTo(1);
        assertThat(EventVersions.LEARNER_EVENTS.schemaResource("LearnerWithdrawn", 1))
                .isEqualTo("json-schemas/learner-events/LearnerWithdrawn.v1.schema.json");
        assertThatThrownBy(() -> EventVersions.LEARNER_EVENTS.current("LearnerTeleported"))
                .hasMessageContaining("LearnerTeleported.v1.schema.json");
    }

    @Test
    void upcastingRunsEachStepInOrderUpToTheCurrentVersion() {
        List<Integer> calls = new ArrayList<>();
        EventVersions versions = new EventVersions("fixture/", THREE_VERSIONS, List.of(step(2, calls), step(1, calls)));

        assertThat(versions.current("Left")).isEqualTo(3);
        assertThat(versions.upcast("Left", 1, Map.of("version", 1))).isEqualTo(Map.of("version", 3));
        assertThat(calls).containsExactly(1, 2);
        assertThat(versions.upcast("Left", 3, Map.of("version", 3))).isEqualTo(Map.of("version", 3));
    }

    @Test
    void aMissingStepIsAnErrorNotASilentlyOldEvent() {
        EventVersions versions = new EventVersions("fixture/", THREE_VERSIONS, List.of(step(1, new ArrayList<>())));

        assertThatThrownBy(() -> versions.upcast("Left", 1, Map.of())).hasMessageContaining("Left from version 2");
    }

    @Test
    void twoUpcastersFromTheSameVersionAreRefused() {
        assertThatThrownBy(() -> new EventVersions("fixture/", THREE_VERSIONS,
                List.of(step(1, new ArrayList<>()), step(1, new ArrayList<>()))))
                .hasMessageContaining("two upcasters for Left from version 1");
    }
}
