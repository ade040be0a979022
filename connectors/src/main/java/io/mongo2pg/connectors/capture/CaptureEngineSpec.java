package io.mongo2pg.connectors.capture;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything one Debezium embedded engine needs: its unique name, what it captures, where its offsets live and the
 * complete connector + engine properties.
 *
 * <p>The engine name is also the key of the offsets inside the offsets file, so it must stay stable across restarts:
 * renaming an engine makes it start over with a fresh snapshot.
 *
 * @param engineName unique per process and stable across restarts
 * @param captureTarget what this engine captures, for messages: {@code <db>} or {@code <db>.<collection>}
 * @param offsetsFile the {@code FileOffsetBackingStore} file of this engine
 * @param properties the complete engine configuration (immutable)
 */
public record CaptureEngineSpec(
        String engineName, String captureTarget, Path offsetsFile, Map<String, String> properties) {

    public CaptureEngineSpec {
        Objects.requireNonNull(engineName, "engineName");
        Objects.requireNonNull(captureTarget, "captureTarget");
        Objects.requireNonNull(offsetsFile, "offsetsFile");
        properties = Map.copyOf(properties);
    }

    /** The properties in the form {@code DebeziumEngine.Builder#using(Properties)} takes. */
    public Properties toProperties() {
        Properties props = new Properties();
        props.putAll(properties);
        return props;
    }
}
