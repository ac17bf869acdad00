package uk.ilrledger.projections.kafka;

/** Where learner events are published: the brokers and the topic. */
public record KafkaConnection(String bootstrapServers, String topic) {

    public static final String DEFAULT_TOPIC = "ilr-ledger.learner-events";
}
