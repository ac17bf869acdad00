package uk.ilrledger.app.openapi;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;
import uk.ilrledger.command.learner.LearnerCommandController.RaiseChangeRequest;
import uk.ilrledger.schemas.learner.ChangeProposal;

/**
 * The body of raising a change, one schema per change type: {@code type} says which, and
 * {@code values} holds that type's fields, as the {@link ChangeProposal} record of the type binds
 * them (unknown fields refused). The types are read from {@code ChangeProposal}'s
 * {@link JsonSubTypes}, the list the API itself binds with.
 */
@Component
class ChangeTypeSchemas implements OpenApiCustomizer {

    static final String REQUEST = RaiseChangeRequest.class.getSimpleName();
    private static final String REFS = "#/components/schemas/";

    @Override
    public void customise(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Schema<?> request = schemas.get(REQUEST);
        if (request == null) {
            return;
        }
        ComposedSchema body = new ComposedSchema();
        Discriminator discriminator = new Discriminator().propertyName("type");
        for (JsonSubTypes.Type type : ChangeProposal.class.getAnnotation(JsonSubTypes.class).value()) {
            String values = type.value().getSimpleName() + "Values";
            String raise = "Raise" + type.value().getSimpleName();
            schemas.put(values, valuesOf(type.value().asSubclass(Record.class), type.name()));
            schemas.put(raise, requestOf(request, type.name(), values));
            body.addOneOfItem(new Schema<>().$ref(REFS + raise));
            discriminator.mapping(type.name(), REFS + raise);
        }
        body.discriminator(discriminator).description("A change of one type: `type` says which, `values` holds its fields");
        api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
                return;
            }
            for (MediaType media : operation.getRequestBody().getContent().values()) {
                if (media.getSchema() != null && (REFS + REQUEST).equals(media.getSchema().get$ref())) {
                    media.setSchema(body);
                }
            }
        }));
        schemas.remove(REQUEST);
    }

    /** The raise request with {@code type} fixed to one change type and {@code values} of that type. */
    private static Schema<?> requestOf(Schema<?> request, String type, String values) {
        Schema<?> raise = new ObjectSchema().description("Raises a " + type + " change");
        Map<String, Schema> properties = new LinkedHashMap<>(request.getProperties());
        properties.put("type", new StringSchema()._enum(List.of(type)));
        properties.put("values", new Schema<>().$ref(REFS + values));
        raise.setProperties(properties);
        raise.setRequired(List.of("type", "effectiveDate", "reason", "evidence"));
        raise.setAdditionalProperties(false);
        return raise;
    }

    /** A proposal record's components as JSON properties; its {@code type} comes from the request. */
    private static Schema<?> valuesOf(Class<? extends Record> proposal, String type) {
        Schema<?> values = new ObjectSchema().description("The ILR values of a " + type + " change");
        for (RecordComponent component : proposal.getRecordComponents()) {
            values.addProperty(component.getName(), schemaOf(component));
        }
        values.setAdditionalProperties(false);
        return values;
    }

    private static Schema<?> schemaOf(RecordComponent component) {
        Class<?> type = component.getType();
        if (type == LocalDate.class) {
            return new StringSchema().format("date");
        }
        if (type == Integer.class) {
            return new IntegerSchema();
        }
        if (type == String.class) {
            return new StringSchema();
        }
        if (Map.class.isAssignableFrom(type)) {
            return new ObjectSchema().additionalProperties(true)
                    .description("fields by their ILR name in lowerCamelCase; null clears an optional field");
        }
        if (List.class.isAssignableFrom(type)
                && component.getGenericType() instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] instanceof Class<?> element) {
            return new ArraySchema().items(resolved(element));
        }
        return resolved(component.getGenericType());
    }

    /** The schema the model converters give a nested type (a record such as an aim), or any object. */
    private static Schema<?> resolved(Type type) {
        Schema<?> schema = ModelConverters.getInstance().resolveAsResolvedSchema(new AnnotatedType(type)).schema;
        return schema != null ? schema : new ObjectSchema();
    }
}
