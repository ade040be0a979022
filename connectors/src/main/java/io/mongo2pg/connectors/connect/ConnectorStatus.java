package io.mongo2pg.connectors.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A connector's state as {@code GET /connectors/{name}/status} reports it.
 *
 * @param state RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED or RESTARTING
 * @param trace the stack trace Connect reports for a failed connector, if any
 */
public record ConnectorStatus(String name, String state, String workerId, String trace, List<TaskStatus> tasks) {

    public static final String RUNNING = "RUNNING";
    public static final String FAILED = "FAILED";

    /** One task's state. */
    public record TaskStatus(int id, String state, String workerId, String trace) {
    }

    public ConnectorStatus {
        tasks = List.copyOf(tasks);
    }

    /** The connector and at least one task run, and no task failed. */
    public boolean running() {
        return RUNNING.equals(state) && !tasks.isEmpty() && tasks.stream().allMatch(t -> RUNNING.equals(t.state()));
    }

    /** The connector or one of its tasks failed; the first trace says why. */
    public Optional<String> failure() {
        if (FAILED.equals(state)) {
            return Optional.of("connector " + name + " FAILED: " + firstLine(trace));
        }
        return tasks.stream().filter(t -> FAILED.equals(t.state())).findFirst()
                .map(t -> "task " + name + "-" + t.id() + " FAILED: " + firstLine(t.trace()));
    }

    /** {@code connector RUNNING on worker, tasks: 0 RUNNING}. */
    public String summary() {
        StringBuilder s = new StringBuilder("connector ").append(name).append(' ').append(state);
        if (workerId != null) {
            s.append(" on ").append(workerId);
        }
        s.append(", tasks:");
        if (tasks.isEmpty()) {
            s.append(" none yet");
        }
        tasks.forEach(t -> s.append(' ').append(t.id()).append(' ').append(t.state()));
        return s.toString();
    }

    static ConnectorStatus parse(JsonNode body) {
        JsonNode connector = body.path("connector");
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode task : body.path("tasks")) {
            tasks.add(new TaskStatus(task.path("id").asInt(), task.path("state").asText(),
                    task.path("worker_id").asText(null), task.path("trace").asText(null)));
        }
        return new ConnectorStatus(body.path("name").asText(), connector.path("state").asText(),
                connector.path("worker_id").asText(null), connector.path("trace").asText(null), tasks);
    }

    private static String firstLine(String trace) {
        if (trace == null) {
            return "(no trace)";
        }
        // Connect's trace starts with the exception and its message; the caused-by lines say more.
        List<String> lines = new ArrayList<>();
        for (String line : trace.split("\n")) {
            if (lines.isEmpty() || line.startsWith("Caused by:")) {
                lines.add(line.trim());
            }
        }
        return String.join(" / ", lines);
    }
}
