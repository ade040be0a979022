package io.mongo2pg.cli.lag;

import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import io.mongo2pg.transformer.topology.TopicNames;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Builds a {@link LagReport} from Kafka (the transformer's and the sink's consumer groups) and PostgreSQL (the sink's
 * stored offsets and {@code mongo2pg.progress}). Holds one Admin client for repeated reports ({@code --watch}).
 */
public final class LagCollector implements AutoCloseable {
    static final String TRANSFORMER = "transformer";
    static final String SINK = "sink";

    private final Mongo2pgConfig config;
    private final Admin admin;
    private final PendingRecordCounter counter;
    private final PostgresProgressReader postgres;
    private final Clock clock;

    public LagCollector(Mongo2pgConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        Map<String, Object> props = new HashMap<>(config.kafka().client());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().clientBootstrapServers());
        this.admin = Admin.create(props);
        this.counter = new PendingRecordCounter(props);
        this.postgres = new PostgresProgressReader(config.postgres().jdbcUrl(), config.postgres().schema(),
                config.postgres().user(),
                config.postgres().password() == null ? null : config.postgres().password().reveal());
    }

    public LagReport collect() throws InterruptedException {
        Instant now = clock.instant();
        PostgresProgressReader.Progress progress = new PostgresProgressReader.Progress(Map.of(), List.of());
        String postgresProblem = null;
        try {
            progress = postgres.read(now);
        } catch (SQLException e) {
            postgresProblem = "cannot read mongo2pg.offsets/progress from " + config.postgres() + ": "
                    + e.getMessage() + "; check postgres.* in " + config.source();
        }
        try {
            KafkaLagReader kafka = new KafkaLagReader(admin, counter);
            return new LagReport(now, List.of(
                    kafka.read(TRANSFORMER, config.transformer().applicationId(), changeTopics(), Map.of()),
                    kafka.read(SINK, config.sink().groupId(), rowTopics(), progress.offsets())),
                    progress.freshness(), postgresProblem);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Cannot read consumer group offsets from Kafka at "
                    + config.kafka().clientBootstrapServers() + ": " + cause + ". Check kafka.bootstrapServers (or "
                    + "that 'mongo2pg run' with the embedded broker is running) and kafka.client in "
                    + config.source(), e);
        }
    }

    private List<String> changeTopics() {
        return config.mapping().collectionNames().stream()
                .map(c -> TopicNames.changeTopic(config.topicPrefix(), config.mongodb().database(), c)).toList();
    }

    private List<String> rowTopics() {
        return config.mapping().collectionNames().stream()
                .map(c -> TopicNames.rowsTopic(config.topicPrefix(), c)).toList();
    }

    @Override
    public void close() {
        counter.close();
        admin.close();
    }
}
