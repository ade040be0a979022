package io.mongo2pg.sink.kafka;

import io.mongo2pg.sink.SinkTestSupport;
import io.mongo2pg.sink.config.SinkConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * A sink in a process of its own, for tests that kill it with SIGKILL: {@code key=value} arguments are the sink's
 * settings (see {@link SinkConfig}); it runs on the sample_analytics mapping until killed.
 */
public final class SinkProcessMain {
    private SinkProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        SinkService sink = SinkService.create(SinkConfig.parse(settings, SinkTestSupport.sampleAnalyticsMapping()),
                SinkTestSupport.sampleAnalyticsMapping());
        sink.start();
        System.out.println("sink started");
        sink.completion().join(); // runs until killed; a failure ends the process with a stack trace
    }
}
