package io.edgefusion.platform.log;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The platform's log entry (contract rule logging.entry): every line is logfmt and carries a {@code trace_id},
 * so the guardian can follow one request across modules and flag lines that lack it. Workloads log through
 * here, never through System.out/err or java.util.logging — the verifier looks for those.
 */
public final class NodeLog {
    /** Severity, as printed. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private final String logger;
    private final PrintStream sink;
    private final Clock clock;

    public NodeLog(String logger, PrintStream sink, Clock clock) {
        this.logger = Objects.requireNonNull(logger);
        this.sink = Objects.requireNonNull(sink);
        this.clock = Objects.requireNonNull(clock);
    }

    public NodeLog(String logger, PrintStream sink) {
        this(logger, sink, Clock.systemUTC());
    }

    /** The same sink under another logger name (a module's). */
    public NodeLog named(String name) {
        return new NodeLog(name, sink, clock);
    }

    /** Emits one line; {@code traceId} is required, use {@link TraceId#create()} to start a trace. */
    public void emit(TraceId traceId, Level level, String message) {
        Objects.requireNonNull(traceId, "trace_id is required by the core contract");
        sink.println(line(Instant.now(clock), level, traceId, logger, message));
    }

    public void info(TraceId traceId, String message) {
        emit(traceId, Level.INFO, message);
    }

    public void warn(TraceId traceId, String message) {
        emit(traceId, Level.WARN, message);
    }

    public void error(TraceId traceId, String message) {
        emit(traceId, Level.ERROR, message);
    }

    static String line(Instant at, Level level, TraceId traceId, String logger, String message) {
        return "ts=" + at + " level=" + level + " trace_id=" + traceId + " logger=" + logger + " msg="
                + quote(message);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
