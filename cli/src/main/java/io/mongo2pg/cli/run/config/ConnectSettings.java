package io.mongo2pg.cli.run.config;

/**
 * The {@code connect} section, for {@code mongo2pg connector}.
 *
 * @param url the Kafka Connect worker's REST URL
 * @param strimziCluster the {@code strimzi.io/cluster} label of rendered KafkaConnector resources
 * @param strimziApiVersion e.g. {@code kafka.strimzi.io/v1}
 */
public record ConnectSettings(String url, String strimziCluster, String strimziApiVersion) {
}
