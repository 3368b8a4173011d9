package io.edgefusion.cli;

import picocli.CommandLine;

/** Version from the jar manifest (set by the build), plus the Java and OS it runs on. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"edgefusion " + (v == null ? "dev" : v),
                "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                "os " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch")};
    }
}
