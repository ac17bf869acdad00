package uk.ilrledger.schemas.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import uk.ilrledger.schemas.contract.EventShape.ArrayOf;
import uk.ilrledger.schemas.contract.EventShape.Field;
import uk.ilrledger.schemas.contract.EventShape.ObjectOf;
import uk.ilrledger.schemas.contract.EventShape.Scalar;
import uk.ilrledger.schemas.contract.EventShape.Variants;
import uk.ilrledger.schemas.contract.PublishedSchemas.Located;
import uk.ilrledger.schemas.upcasting.EventUpcaster;
import uk.ilrledger.schemas.upcasting.EventVersions;

/**
 * Holds the code's events to their published schemas. A difference is breaking when a consumer of
 * the published version, or an event already published, would no longer fit: a field removed or
 * renamed, a type or format changed, a new field that is always present, a variant added or
 * removed. Breaking differences need a new schema version and an upcaster from the old one;
 * others (a new optional field, a field now always present) are fixed in the latest schema as it is.
 */
final class ContractCheck {

    record Finding(String path, String problem, boolean breaking) {
        @Override
        public String toString() {
            return path + ": " + problem;
        }
    }

    private final PublishedSchemas schemas;

    ContractCheck(PublishedSchemas schemas) {
        this.schemas = schemas;
    }

    /** How the event, as the code writes it, differs from the latest published version of its schema. */
    List<Finding> differences(String eventType, EventShape shape) {
        List<Integer> versions = schemas.versions(eventType);
        if (versions.isEmpty()) {
            return List.of(new Finding(eventType, "has no JSON Schema "
                    + PublishedSchemas.fileName(eventType, 1), true));
        }
        List<Finding> findings = new ArrayList<>();
        compare(eventType, shape, schemas.root(eventType, versions.size()), findings);
        return findings;
    }

    /** What the developer must do about the differences, or empty when there are none. */
    Optional<String> advice(String eventType, List<Finding> findings) {
        if (findings.isEmpty()) {
            return Optional.empty();
        }
        int latest = schemas.versions(eventType).size();
        if (latest == 0) {
            return Optional.of("Publish " + PublishedSchemas.fileName(eventType, 1) + " describing the event.");
        }
        String what = findings.stream().anyMatch(Finding::breaking)
                ? "Breaking change: publish " + PublishedSchemas.fileName(eventType, latest + 1)
                        + " describing the event as it is now and register an upcaster from version " + latest
                        + " in EventVersions.LEARNER_EVENTS."
                : "Update " + PublishedSchemas.fileName(eventType, latest) + " (no new version needed).";
        return Optional.of(what + "\n  " + String.join("\n  ", findings.stream().map(Finding::toString).toList()));
    }

    /**
     * Problems with the event's version history: each superseded version needs an upcaster to the
     * next, and the examples in its schema must upcast into events valid under the latest version
     * that the code reads back.
     */
    List<String> history(String eventType, Class<?> eventClass, EventVersions versions) {
        List<String> problems = new ArrayList<>();
        int latest = schemas.versions(eventType).size();
        for (int version = 1; version < latest; version++) {
            if (versions.upcaster(eventType, version).isEmpty()) {
                problems.add(eventType + " v" + version + " is superseded by v" + (version + 1)
                        + " but no upcaster from v" + version + " is registered");
                continue;
            }
            JsonNode examples = schemas.root(eventType, version).node().path("examples");
            if (examples.isEmpty()) {
                problems.add(eventType + " v" + version + " needs an \"examples\" instance to show that its upcaster works");
            }
            for (JsonNode example : examples) {
                problems.addAll(upcastExample(eventType, eventClass, version, latest, example, versions));
            }
        }
        return problems;
    }

    private List<String> upcastExample(String eventType, Class<?> eventClass, int version, int latest,
            JsonNode example, EventVersions versions) {
        List<String> invalid = schemas.validate(eventType, version, example);
        if (!invalid.isEmpty()) {
            return List.of(eventType + " v" + version + " example is not valid under its own schema: " + invalid);
        }
        Map<String, Object> json = EventJson.MAPPER.convertValue(example, new TypeReference<LinkedHashMap<String, Object>>() {
        });
        for (int from = version; from < latest; from++) {
            Optional<EventUpcaster> step = versions.upcaster(eventType, from);
            if (step.isEmpty()) {
                return List.of(eventType + " has no upcaster from v" + from);
            }
            json = step.get().upcast(json);
        }
        JsonNode upcast = EventJson.MAPPER.valueToTree(json);
        List<String> problems = new ArrayList<>();
        schemas.validate(eventType, latest, upcast).forEach(error -> problems.add(eventType + " v" + version
                + " example upcast to v" + latest + " is not valid: " + error));
        try {
            EventJson.MAPPER.treeToValue(upcast, eventClass);
        } catch (Exception e) {
            problems.add(eventType + " v" + version + " example upcast to v" + latest + " cannot be read as "
                    + eventClass.getSimpleName() + ": " + e.getMessage());
        }
        return problems;
    }

    private void compare(String path, EventShape code, Located published, List<Finding> findings) {
        Located schema = schemas.resolve(published);
        JsonNode node = schema.node();
        if (code instanceof EventShape.Anything) {
            return;
        }
        String type = node.path("type").asText(null);
        String expected = code instanceof Scalar scalar ? scalar.type()
                : code instanceof ArrayOf ? "array" : "object";
        if (!expected.equals(type)) {
            findings.add(new Finding(path, "the schema says " + (type == null ? "no type" : type)
                    + " but the event writes " + code, true));
            return;
        }
        if (code instanceof Scalar scalar && !Objects.equals(scalar.format(), node.path("format").asText(null))) {
            findings.add(new Finding(path, "the schema says " + type + " (" + node.path("format").asText("no format")
                    + ") but the event writes " + code, true));
        } else if (code instanceof ArrayOf array) {
            compare(path + "[]", array.items(), new Located(node.path("items"), schema.document()), findings);
        } else if (code instanceof ObjectOf object) {
            compareObject(path, object, schema, null, findings);
        } else if (code instanceof Variants variants) {
            compareVariants(path, variants, schema, findings);
        }
    }

    private void compareObject(String path, ObjectOf code, Located schema, String discriminator,
            List<Finding> findings) {
        JsonNode properties = schema.node().path("properties");
        Set<String> required = new HashSet<>();
        schema.node().path("required").forEach(name -> required.add(name.asText()));
        properties.fieldNames().forEachRemaining(name -> {
            if (!name.equals(discriminator) && !code.fields().containsKey(name)) {
                findings.add(new Finding(path + "." + name,
                        "published, but the event no longer has it (removed or renamed)", true));
            }
        });
        for (Field field : code.fields().values()) {
            String fieldPath = path + "." + field.name();
            if (!properties.has(field.name())) {
                findings.add(field.alwaysPresent()
                        ? new Finding(fieldPath, "new and always present, but events already published lack it", true)
                        : new Finding(fieldPath, "not in the schema: add it as an optional property", false));
                continue;
            }
            compare(fieldPath, field.shape(), new Located(properties.get(field.name()), schema.document()), findings);
            if (field.alwaysPresent() && !required.contains(field.name())) {
                findings.add(new Finding(fieldPath, "always present: list it as required", false));
            }
        }
    }

    private void compareVariants(String path, Variants code, Located schema, List<Finding> findings) {
        Map<String, Located> published = new LinkedHashMap<>();
        for (JsonNode option : schema.node().path("oneOf")) {
            Located variant = schemas.resolve(new Located(option, schema.document()));
            String name = variant.node().path("properties").path(code.property()).path("const").asText(null);
            if (name != null) {
                published.put(name, variant);
            }
        }
        published.keySet().stream().filter(name -> !code.byName().containsKey(name)).forEach(name -> findings.add(
                new Finding(path + "(" + name + ")", "published, but the event no longer has this "
                        + code.property(), true)));
        code.byName().forEach((name, object) -> {
            if (!published.containsKey(name)) {
                findings.add(new Finding(path + "(" + name + ")", "a " + code.property()
                        + " the published schema does not allow", true));
            } else {
                compareObject(path + "(" + name + ")", object, published.get(name), code.property(), findings);
            }
        });
    }
}
