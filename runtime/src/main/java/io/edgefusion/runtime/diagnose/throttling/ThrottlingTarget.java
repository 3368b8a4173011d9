package io.edgefusion.runtime.diagnose.throttling;

import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code diagnose throttling} watches: a running sandbox (id, prefix or name), a deployed workload
 * {@code DEPLOYMENT/WORKLOAD} (its running sandbox {@code <deployment>-<workload>-r<revision>}, newest revision
 * first), or any process by pid (no log, so no GC lines).
 *
 * @param sandboxId null for a pid
 */
public record ThrottlingTarget(String given, String sandboxId, long pid) {
    private static final Pattern REVISION = Pattern.compile("-r(\\d+)$");

    public static ThrottlingTarget pid(long pid) {
        if (pid <= 0 || !Files.isDirectory(Path.of("/proc", Long.toString(pid)))) {
            throw new IllegalArgumentException("pid " + pid + ": no such process");
        }
        return new ThrottlingTarget("pid " + pid, null, pid);
    }

    public static ThrottlingTarget resolve(Sandboxes sandboxes, String target) {
        SandboxState s;
        int slash = target.indexOf('/');
        if (slash > 0) {
            String prefix = target.substring(0, slash) + "-" + target.substring(slash + 1) + "-r";
            Optional<SandboxState> found = sandboxes.list().stream()
                    .filter(x -> x.name() != null && x.name().startsWith(prefix) && x.status() == Status.RUNNING)
                    .filter(x -> REVISION.matcher(x.name()).find()
                            && x.name().length() == prefix.length() + revision(x.name()).length())
                    .max(Comparator.comparingLong(x -> Long.parseLong(revision(x.name()))));
            s = found.orElseThrow(() -> new IllegalArgumentException("workload " + target
                    + ": no running sandbox of it (is it deployed and up?)"));
        } else {
            s = sandboxes.inspect(target);
        }
        if (s.status() != Status.RUNNING || s.pid() == null) {
            throw new IllegalArgumentException("sandbox " + s.shortId() + " is " + s.status().label()
                    + ", not running: diagnose throttling watches a running sandbox");
        }
        return new ThrottlingTarget(target, s.id(), s.pid());
    }

    private static String revision(String name) {
        Matcher m = REVISION.matcher(name);
        return m.find() ? m.group(1) : "";
    }
}
