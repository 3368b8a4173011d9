package io.edgefusion.oci;

import io.edgefusion.oci.cli.OciCommand;

/** {@code edgefusion-oci}: runc's command line over EdgeFusion's sandbox. */
public final class OciMain {
    private OciMain() {
    }

    public static void main(String[] args) {
        System.exit(OciCommand.run(args, self()));
    }

    /** This process as the caller: the entry point is the one place that reads the JVM's own streams. */
    static OciCall self() {
        return new OciCall(java.nio.file.Path.of("").toAbsolutePath(), System.getenv(), System.in, System.out,
                System.err, new io.edgefusion.sandbox.launch.HandedFds(ProcessHandle.current().pid(), 0, 1, 2),
                io.edgefusion.sandbox.launch.HelperLauncher.local());
    }
}
