package io.mongo2pg.cli.runtime;

import io.mongo2pg.transformer.topology.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The topics of one pipeline, created before anything starts (Kafka Streams refuses to start on missing
 * source topics). Change and row topics are compacted by key ({@code _id}), so a topic always holds the
 * latest state of every document and can be replayed to rebuild the tables.
 *
 * @param signalTopic Debezium's Kafka signal topic ({@code signal.kafka.topic}), or null when the connector listens
 *     to none; created with one partition, the only one Debezium reads
 */
public record PipelineTopics(String topicPrefix, String database, List<String> collections, int partitions,
                             short replicationFactor, String signalTopic) {
    /** The topics of a pipeline without a Kafka signal topic. */
    public PipelineTopics(String topicPrefix, String database, List<String> collections, int partitions,
                          short replicationFactor) {
        this(topicPrefix, database, collections, partitions, replicationFactor, null);
    }

    public String changeTopic(String collection) {
        return TopicNames.changeTopic(topicPrefix, database, collection);
    }

    public String rowTopic(String collection) {
        return TopicNames.rowsTopic(topicPrefix, collection);
    }

    public String deadLetterTopic() {
        return TopicNames.deadLetterTopic(topicPrefix);
    }

    /** Creates whichever of the topics do not exist yet; existing ones are left as they are. */
    public void ensureExist(String bootstrapServers) {
        ensureExist(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Like {@link #ensureExist(String)} with complete Admin client settings (security settings of an external
     * cluster), at least {@code bootstrap.servers}.
     */
    public void ensureExist(Map<String, Object> adminConfig) {
        Object bootstrapServers = adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted().stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the pipeline's topics on " + bootstrapServers + ": "
                    + e.getMessage() + ". Check that the Kafka cluster is reachable and allows topic creation.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    private List<NewTopic> wanted() {
        List<NewTopic> topics = new ArrayList<>();
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        for (String collection : collections) {
            topics.add(new NewTopic(changeTopic(collection), partitions, replicationFactor).configs(compacted));
            topics.add(new NewTopic(rowTopic(collection), partitions, replicationFactor).configs(compacted));
        }
        topics.add(new NewTopic(deadLetterTopic(), 1, replicationFactor));
        if (signalTopic != null) {
            topics.add(new NewTopic(signalTopic, 1, replicationFactor));
        }
        return topics;
    }
}
