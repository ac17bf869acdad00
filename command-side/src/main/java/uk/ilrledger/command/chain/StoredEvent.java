package uk.ilrledger.command.chain;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * One row of {@code domain_event_entry} as the event store writes it, every column but the
 * global index (which the database assigns only on insert).
 */
public record StoredEvent(String eventIdentifier, String aggregateIdentifier, String aggregateType, long sequenceNumber,
        String payloadType, String payloadRevision, String timestamp, byte[] payload, byte[] metaData) {

    /**
     * The row the event store writes for {@code message}: the same serializer for payload and metadata
     * and the same timestamp format as Axon's JDBC storage engine.
     */
    public static StoredEvent of(DomainEventMessage<?> message, Serializer eventSerializer) {
        SerializedObject<byte[]> payload = message.serializePayload(eventSerializer, byte[].class);
        SerializedObject<byte[]> metaData = message.serializeMetaData(eventSerializer, byte[].class);
        return new StoredEvent(message.getIdentifier(), message.getAggregateIdentifier(), message.getType(),
                message.getSequenceNumber(), payload.getType().getName(), payload.getType().getRevision(),
                DateTimeUtils.formatInstant(message.getTimestamp()), payload.getData(), metaData.getData());
    }
}
