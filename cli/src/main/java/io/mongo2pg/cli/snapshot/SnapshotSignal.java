package io.mongo2pg.cli.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Debezium's {@code execute-snapshot} signal for an incremental snapshot, as the Kafka signal channel reads it: keyed
 * by the connector's {@code topic.prefix}, the collections named {@code <database>.<collection>}. The id is the
 * snapshot's correlation id in Debezium's log and notifications.
 */
record SnapshotSignal(String id, String key, List<String> dataCollections) {
    private static final ObjectMapper JSON = new ObjectMapper();

    String value() {
        ObjectNode root = JSON.createObjectNode().put("id", id).put("type", "execute-snapshot");
        ObjectNode data = root.putObject("data");
        dataCollections.forEach(data.putArray("data-collections")::add);
        data.put("type", "INCREMENTAL");
        return root.toString();
    }
}
