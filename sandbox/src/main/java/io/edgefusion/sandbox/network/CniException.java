package io.edgefusion.sandbox.network;

/**
 * A CNI plugin failed: which plugin, for which command on which network, the spec's error code (1 incompatible
 * version, 2 unsupported field, 3 unknown container, 4 bad environment, 5 I/O, 6 decode, 7 invalid config,
 * 11 try again, 50/51 unavailable, 100+ the plugin's own; {@link #NO_CODE} when it printed no error JSON) and its
 * {@code msg}/{@code details}. The message is one line for users.
 */
public final class CniException extends RuntimeException {
    /** The plugin exited non-zero without the spec's error object (crashed, killed, not found). */
    public static final int NO_CODE = -1;

    private final String network;
    private final String plugin;
    private final String command;
    private final int code;
    private final String msg;
    private final String details;

    public CniException(String network, String plugin, String command, int code, String msg, String details) {
        super(("network " + network + ": " + plugin + " " + command + ": " + msg
                + (details == null || details.isBlank() ? "" : ": " + details)
                + (code == NO_CODE ? "" : " (CNI error " + code + ")")).replace('\n', ' '));
        this.network = network;
        this.plugin = plugin;
        this.command = command;
        this.code = code;
        this.msg = msg;
        this.details = details;
    }

    public String network() {
        return network;
    }

    public String plugin() {
        return plugin;
    }

    /** {@code ADD}, {@code DEL}, {@code CHECK} or {@code VERSION}. */
    public String command() {
        return command;
    }

    public int code() {
        return code;
    }

    public String msg() {
        return msg;
    }

    public String details() {
        return details;
    }
}
