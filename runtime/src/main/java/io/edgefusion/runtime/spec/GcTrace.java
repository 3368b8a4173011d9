package io.edgefusion.runtime.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns GC tracing on in a workload's environment, for {@code diagnose throttling}: Go's {@code gctrace=1} (added
 * to an existing GODEBUG, whose other settings stay) and the JVM's unified GC log on stderr with absolute times
 * and the gc+init lines that state CPUs and GC threads (appended to JDK_JAVA_OPTIONS, which only the
 * {@code java} launcher reads, so tools like jcmd stay quiet).
 */
public final class GcTrace {
    public static final String GODEBUG = "GODEBUG";
    public static final String GO_SETTING = "gctrace=1";
    public static final String JDK_JAVA_OPTIONS = "JDK_JAVA_OPTIONS";
    public static final String JVM_OPTION = "-Xlog:gc,gc+init:stderr:utctime";

    private GcTrace() {
    }

    public static Map<String, String> apply(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>(env);
        out.merge(GODEBUG, GO_SETTING, (old, add) -> old.isBlank() ? add
                : old.matches("(^|.*,)gctrace=[^,]*(,.*|$)") ? old.replaceAll("gctrace=[^,]*", add) : old + "," + add);
        out.merge(JDK_JAVA_OPTIONS, JVM_OPTION, (old, add) -> old.contains(add) ? old
                : old.isBlank() ? add : old + " " + add);
        return out;
    }
}
