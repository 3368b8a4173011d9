package io.edgefusion.cli;

/** docker's exit code conventions. */
public final class ExitCodes {
    public static final int OK = 0;
    /** EdgeFusion itself failed: bad flags, a kernel error, a missing file. */
    public static final int RUNTIME_ERROR = 125;
    /** The command exists but cannot be executed. */
    public static final int NOT_EXECUTABLE = 126;
    /** The command was not found. */
    public static final int NOT_FOUND = 127;

    private ExitCodes() {
    }
}
