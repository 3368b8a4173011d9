package io.edgefusion.cli;

import picocli.CommandLine;

/** The Maven project version (the one the node jar carries), plus the Java and OS it runs on. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"edgefusion " + version(),
                "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                "os " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch")};
    }

    /** The version the build stamped (the node's, the same build); "dev" for classes compiled outside Maven. */
    static String version() {
        return io.edgefusion.node.NodeVersion.version();
    }
}
