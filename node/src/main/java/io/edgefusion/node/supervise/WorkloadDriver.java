package io.edgefusion.node.supervise;

import io.edgefusion.node.deploy.WorkloadSpec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the supervisor needs from sandboxes, by name: a workload's sandbox is named
 * {@code <deployment>-<workload>-r<revision>} ({@link #sandboxName}), and names are unique on a state root, so
 * one workload of one revision can never have two sandboxes, and a sandbox whose id was never recorded (a node
 * killed right after starting it) is still found.
 */
public interface WorkloadDriver {
    /** A started sandbox: its id and name. */
    record Started(String id, String name) {
    }

    /** A sandbox on the state root, as {@link #list} reports it. */
    record Listed(String id, String name, Status status) {
    }

    /** What a sandbox is doing. */
    sealed interface Status {
        record Running() implements Status {
        }

        /** It ended; {@code code} is docker's (128+N after signal N), empty when it vanished without one. */
        record Exited(java.util.OptionalInt code) implements Status {
        }

        /** No sandbox of that name or id (removed, or never made). */
        record Gone() implements Status {
        }
    }

    static String sandboxName(String deployment, String workload, int revision) {
        return deployment + "-" + workload + "-r" + revision;
    }

    /** Starts the workload's sandbox detached, named {@code name}, with its source, command, env and limits. */
    Started start(String name, WorkloadSpec workload);

    /**
     * Stops the sandbox {@code nameOrId} (SIGTERM, {@code grace}, SIGKILL to its cgroup) and removes it: cgroup,
     * state, name. A sandbox that is gone already is fine; so is one that half-exists (a creator killed
     * mid-{@code run}).
     */
    void stop(String nameOrId, Duration grace);

    Status status(String nameOrId);

    /** The id of the sandbox named {@code name}, if there is one. */
    Optional<String> idOf(String name);

    /** Every sandbox of the state root. */
    List<Listed> list();

    /**
     * Calls {@code onExit} once, on another thread, when sandbox {@code id} ends or its reaper dies — from the
     * kernel's exit notification, not a polling loop. Closing the handle cancels the watch.
     */
    AutoCloseable onExit(String id, Runnable onExit);

    /** Removes what a creator killed mid-run left (sandboxes without a name or reaper, stray cgroups). */
    List<String> collectGarbage();
}
