package uk.ilrledger.projections.kafka;

/**
 * Where learner events are published: the brokers and the topic, and the largest request the
 * producer sends ({@code max.request.size}), which bounds the largest event that can be published.
 */
public record KafkaConnection(String bootstrapServers, String topic, int maxRequestSize) {

    public static final String DEFAULT_TOPIC = "ilr-ledger.learner-events";
    /** The Kafka producer's own default, 1 MiB. */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    public KafkaConnection(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, DEFAULT_MAX_REQUEST_SIZE);
    }
}
