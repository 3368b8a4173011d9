package io.edgefusion.oci;

import io.edgefusion.oci.cli.OciCommand;

/** {@code edgefusion-oci}: runc's command line over EdgeFusion's sandbox. */
public final class OciMain {
    private OciMain() {
    }

    public static void main(String[] args) {
        System.exit(OciCommand.run(args, OciCall.self()));
    }
}
