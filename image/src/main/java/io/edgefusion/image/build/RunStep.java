package io.edgefusion.image.build;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.overlay.OverlayMountSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * Executes a Buildfile RUN instruction. The image module prepares the root — the layers so far as lowers and a
 * fresh, empty upper dir ({@link RunRequest#mount()}) — and turns the upper dir into the step's layer
 * afterwards; the implementation (the sandbox module) mounts that spec inside a new sandbox's mount namespace,
 * runs {@code argv} there with the given env, working dir and user, waits, and throws if it exits non-zero.
 * Everything the command writes must end up in {@code upperDir}; nothing else is read back.
 */
@FunctionalInterface
public interface RunStep {
    void run(RunRequest request);

    /** What a RUN needs; {@code line} is the Buildfile line, for error messages. */
    record RunRequest(List<String> argv, List<String> env, String workingDir, String user, OverlayMountSpec mount,
                      Path upperDir, int line) {
        public RunRequest {
            argv = List.copyOf(argv);
            env = List.copyOf(env);
        }
    }

    /**
     * For a builder given no way to run commands (the image module on its own, or a build that must not run
     * any): RUN fails with its line. {@code edgefusion image build} passes a sandbox-backed step instead.
     */
    RunStep UNAVAILABLE = r -> {
        throw new ImageException("Buildfile line " + r.line() + ": RUN is not possible in this builder (it was"
                + " given no RunStep; edgefusion image build runs RUN in a sandbox)");
    };
}
