package uk.ilrledger.command.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.LocalDate;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.LedgerDates;

/**
 * The JSON reading of everything that comes in from outside (request bodies, a change's values, an
 * imported file's learners): the application's mapper made strict, so a value is taken only in the
 * form the API documents. No enum from its position ({@code "type": 5}), no number cut to fit
 * ({@code 97.5} as 97), no number or boolean from text or the other way round, dates only as
 * {@code "yyyy-MM-dd"} strings within {@link LedgerDates}' bounds (not epoch days, arrays or
 * expanded years), no unknown or repeated fields. The store keeps the application's own mapper:
 * events written years ago must read as they always have.
 */
public final class StrictJson {

    private final ObjectMapper mapper;

    public StrictJson(ObjectMapper application) {
        ObjectMapper strict = application.copy();
        strict.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        strict.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        refuse(strict, LogicalType.Integer, CoercionInputShape.Float, CoercionInputShape.String,
                CoercionInputShape.EmptyString, CoercionInputShape.Boolean);
        refuse(strict, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Boolean);
        refuse(strict, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.String, CoercionInputShape.EmptyString);
        refuse(strict, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.EmptyString);
        // A whole number stays acceptable as text: aims are named by AimSeqNumber as readily as by SWSupAimId.
        refuse(strict, LogicalType.Textual, CoercionInputShape.Float, CoercionInputShape.Boolean);
        strict.registerModule(new SimpleModule("ledger-dates").addDeserializer(LocalDate.class, new DateOnly()));
        this.mapper = strict;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** A date only as a {@code "yyyy-MM-dd"} string within the ledger's bounds. */
    private static final class DateOnly extends StdScalarDeserializer<LocalDate> {

        DateOnly() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                return LedgerDates.parse(p.getText());
            }
            String found = p.currentToken().isNumeric() ? "the number " + p.getText()
                    : p.currentToken() == JsonToken.START_ARRAY ? "an array"
                    : p.currentToken() == JsonToken.START_OBJECT ? "an object" : p.getText();
            // Skip the value so the parser is left where Jackson expects, then refuse it.
            p.skipChildren();
            throw DomainProblem.invalid(null, "a date is a \"yyyy-MM-dd\" string, not " + found);
        }
    }
}
