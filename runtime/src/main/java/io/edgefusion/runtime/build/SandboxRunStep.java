package io.edgefusion.runtime.build;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.build.RunStep;
import io.edgefusion.image.overlay.OverlayMountSpec;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.runtime.spec.EnvAssignments;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.launch.LaunchFailure;
import io.edgefusion.sandbox.spec.ExternalRoot;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.SandboxSpec;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Buildfile RUN executed in a sandbox: the image module's overlay (the layers so far over a fresh upper dir)
 * becomes the sandbox's root as is, so everything the command writes lands in the upper dir that becomes the
 * step's layer. No network (a build must not depend on what it downloads) and no injected runtime settings
 * (they would differ between build hosts); removed when it exits.
 */
public final class SandboxRunStep implements RunStep {
    private final Sandboxes sandboxes;
    private final OutputStream out;
    private final OutputStream err;

    /**
     * @param out where the commands' output goes (the caller's stdout)
     * @param err where their errors go (the caller's stderr)
     */
    public SandboxRunStep(Sandboxes sandboxes, OutputStream out, OutputStream err) {
        this.sandboxes = sandboxes;
        this.out = out;
        this.err = err;
    }

    @Override
    public void run(RunRequest r) {
        OverlayMountSpec m = r.mount();
        Map<String, String> env = EnvAssignments.ofConfig(r.env());
        String wd = r.workingDir() == null || r.workingDir().isEmpty() ? "/" : r.workingDir();
        String user = r.user() == null || r.user().isEmpty() ? null : r.user();
        SandboxSpec spec = new SandboxSpec(null, m.lowerDirs(), r.argv(), env, wd, user, null, LimitSettings.none(),
                Network.NONE, false, false, Set.of(), Set.of(), List.of(), List.of(), false, true, null,
                new ExternalRoot(m.options(), m.chdir().orElse(null), m.upperDir(), m.workDir()), null, null, null, null);
        int code;
        try {
            code = sandboxes.run(spec, false, io.edgefusion.sandbox.Attach.output(out, err)).exitCode();
        } catch (LaunchFailure | IllegalArgumentException e) {
            throw new ImageException("Buildfile line " + r.line() + ": RUN " + String.join(" ", r.argv()) + ": "
                    + e.getMessage());
        }
        if (code != 0) {
            throw new ImageException("Buildfile line " + r.line() + ": RUN " + String.join(" ", r.argv())
                    + " exited with code " + code);
        }
    }
}
