package io.mongo2pg.cli.run;

import io.mongo2pg.cli.run.config.ConfigLoader;
import io.mongo2pg.cli.run.config.Mongo2pgConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A long-running command: loads the config, serves /health, /ready and /metrics, starts its parts and runs until
 * SIGTERM/Ctrl-C ({@link #requestStop()}) or until a part fails, then stops every part in order.
 * Exit code 0 after a requested stop, 1 when a part failed.
 */
abstract class ServiceCommand implements Callable<Integer> {
    private static final Duration FAILURE_CHECK = Duration.ofMillis(500);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(90);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "The mongo2pg config file.")
    private Path config;

    @Spec
    private CommandSpec spec;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile OpsHttpServer http;

    /** The parts this command runs. */
    abstract Set<Role> roles();

    abstract Set<ConfigLoader.Need> needs();

    /** Asks the command to stop as on SIGTERM; it returns once every part has stopped. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** The port /health, /ready and /metrics are served on, once started (for http.port: 0). */
    public Optional<Integer> httpPort() {
        OpsHttpServer server = http;
        return server == null ? Optional.empty() : Optional.of(server.port());
    }

    @Override
    public Integer call() throws Exception {
        Mongo2pgConfig loaded = ConfigLoader.load(config, EnumSet.copyOf(needs()));
        PrintWriter out = spec.commandLine().getOut();
        Thread hook = new Thread(this::stopFromSignal, "mongo2pg-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ServiceRuntime runtime = new ServiceRuntime();
        OpsMetrics metrics = new OpsMetrics(runtime);
        try {
            if (loaded.http().enabled()) {
                http = OpsHttpServer.start(loaded.http(), runtime, metrics);
                out.printf("mongo2pg %s: /health, /ready and /metrics on http://%s:%d%n", spec.name(),
                        loaded.http().host(), http.port());
                out.flush();
            }
            runtime.start(loaded, roles(), metrics.registry());
            out.printf("mongo2pg %s: running %s; stop with Ctrl-C or SIGTERM%n", spec.name(), runtime.partNames());
            out.flush();
            return awaitStopOrFailure(runtime, out);
        } finally {
            closeAll(runtime, metrics, out);
            removeHook(hook);
        }
    }

    private int awaitStopOrFailure(ServiceRuntime runtime, PrintWriter out) throws InterruptedException {
        while (!stopRequested.await(FAILURE_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
            Optional<String> failure = runtime.failure();
            if (failure.isPresent()) {
                out.println("mongo2pg " + spec.name() + ": stopping because " + failure.get());
                out.flush();
                return 1;
            }
        }
        out.println("mongo2pg " + spec.name() + ": stopping");
        out.flush();
        return 0;
    }

    private void closeAll(ServiceRuntime runtime, OpsMetrics metrics, PrintWriter out) {
        try {
            runtime.close();
        } finally {
            if (http != null) {
                http.close();
            }
            metrics.close();
            out.println("mongo2pg " + spec.name() + ": stopped");
            out.flush();
            stopped.countDown();
        }
    }

    /** On SIGTERM/Ctrl-C: ask the command thread to stop and wait until it has stopped every part. */
    private void stopFromSignal() {
        requestStop();
        try {
            stopped.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and finds the parts stopped
        }
    }
}
