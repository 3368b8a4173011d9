package io.edgefusion.oci;

import io.edgefusion.sandbox.launch.HandedFds;
import io.edgefusion.sandbox.launch.HelperLauncher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * One invocation of {@code edgefusion-oci}: its working directory (relative paths resolve against it), environment,
 * streams and stdio fds (which become a created process's stdio, as runc passes its own on), and how to start
 * the launch helper so that the container is the caller's descendant (conmon and containerd's shim are
 * subreapers that wait for it): this JVM's child, or through a node the thin client's.
 */
public record OciCall(Path cwd, Map<String, String> env, java.io.InputStream in, PrintStream out, PrintStream err,
                      HandedFds stdio, HelperLauncher launcher) {

    public Path resolve(String path) {
        return cwd.resolve(path).normalize();
    }
}
