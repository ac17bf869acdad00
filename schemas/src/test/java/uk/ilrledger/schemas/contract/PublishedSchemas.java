package uk.ilrledger.schemas.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON Schema documents of the learner events, read by their {@code $id}: from the classpath
 * as published, or from strings for tests of the rules themselves.
 */
final class PublishedSchemas {

    static final String BASE = "https://ilr-ledger.uk/json-schemas/learner-events/";
    static final String CLASSPATH_FOLDER = "json-schemas/learner-events/";
    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    /** A schema node and the document it sits in, against which its {@code $ref}s resolve. */
    record Located(JsonNode node, URI document) {
    }

    private final Function<String, String> documents;
    private final Map<String, Optional<JsonNode>> parsed = new HashMap<>();
    private final SchemaRegistry registry;

    private PublishedSchemas(Function<String, String> documents) {
        this.documents = documents;
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemas(documents)
                // 2020-12 treats format as a note by default; a date must really be a date here.
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** The schemas as this module publishes them. */
    static PublishedSchemas onClasspath() {
        return new PublishedSchemas(iri -> iri.startsWith(BASE) ? resource(CLASSPATH_FOLDER + iri.substring(BASE.length())) : null);
    }

    /** Schema documents given as text, by file name under {@link #BASE}. */
    static PublishedSchemas of(Map<String, String> byFileName) {
        Map<String, String> byIri = new HashMap<>();
        byFileName.forEach((name, text) -> byIri.put(BASE + name, text));
        return new PublishedSchemas(byIri::get);
    }

    static String fileName(String eventType, int version) {
        return eventType + ".v" + version + ".schema.json";
    }

    static String iri(String eventType, int version) {
        return BASE + fileName(eventType, version);
    }

    Optional<JsonNode> document(String iri) {
        return parsed.computeIfAbsent(iri, key -> Optional.ofNullable(documents.apply(key)).map(PublishedSchemas::parse));
    }

    /** The published versions of the event type, 1, 2, … up to the first one missing. */
    List<Integer> versions(String eventType) {
        List<Integer> versions = new ArrayList<>();
        while (document(iri(eventType, versions.size() + 1)).isPresent()) {
            versions.add(versions.size() + 1);
        }
        return versions;
    }

    Located root(String eventType, int version) {
        String iri = iri(eventType, version);
        return new Located(document(iri).orElseThrow(() -> new IllegalArgumentException("no schema " + iri)),
                URI.create(iri));
    }

    /** The node itself, or what its {@code $ref} points at, followed to the end. */
    Located resolve(Located schema) {
        Located current = schema;
        for (int hops = 0; current.node().has("$ref"); hops++) {
            if (hops > 20) {
                throw new IllegalStateException("$ref loop at " + schema.document());
            }
            URI target = current.document().resolve(current.node().get("$ref").asText());
            URI document = URI.create(target.getScheme() + ":" + target.getSchemeSpecificPart());
            JsonNode root = document(document.toString())
                    .orElseThrow(() -> new IllegalStateException("unresolvable $ref " + target));
            String pointer = target.getFragment() == null ? "" : target.getFragment();
            JsonNode node = root.at(pointer);
            if (node.isMissingNode()) {
                throw new IllegalStateException("unresolvable $ref " + target);
            }
            current = new Located(node, document);
        }
        return current;
    }

    /** Why the instance is not valid under version {@code version} of the event type's schema; empty when it is. */
    List<String> validate(String eventType, int version, JsonNode instance) {
        Schema schema = registry.getSchema(SchemaLocation.of(iri(eventType, version)));
        return schema.validate(instance).stream().map(Error::toString).toList();
    }

    private static JsonNode parse(String text) {
        try {
            return EventJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a schema is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = PublishedSchemas.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
