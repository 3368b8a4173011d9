package io.edgefusion.sandbox.testing;

import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.SandboxSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in CLI for crash tests: {@code RunMain ROOT ROOTFS detach [--rootless] CMD…}, run in a child JVM
 * with {@code -Dedgefusion.checkpoint=<step>} so the test can SIGKILL it at that step
 * ({@code -Dedgefusion.test.name} names the sandbox).
 */
public final class RunMain {
    private RunMain() {
    }

    public static void main(String[] args) {
        Sandboxes sb = new Sandboxes(Path.of(args[0]));
        boolean rootless = args.length > 3 && args[3].equals("--rootless");
        SandboxSpec spec = SandboxSpec.of(Path.of(args[1]), List.of(args).subList(rootless ? 4 : 3, args.length))
                .withOptions(null, null, false, rootless, true, false);
        String name = System.getProperty("edgefusion.test.name");
        if (name != null) {
            spec = spec.withName(name);
        }
        Sandboxes.RunResult r = sb.run(spec, Boolean.parseBoolean(args[2]), System.out);
        System.exit(r.exitCode());
    }
}
