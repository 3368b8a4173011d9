package io.edgefusion.cli;

import io.edgefusion.kernel.sys.Platform;
import io.edgefusion.kernel.sys.Terminals;
import io.edgefusion.node.host.CallerFds;
import io.edgefusion.node.host.Invocation;
import picocli.CommandLine.Help.Ansi;

import java.util.Map;

/**
 * Whether help is coloured, decided for the invocation as picocli's AUTO decides it for a process: never with
 * NO_COLOR, always with CLICOLOR_FORCE (not "0"), never with CLICOLOR=0, else when the caller's stdin and stdout
 * are both terminals (what {@code System.console()} requires). picocli would look at the JVM's own console and
 * environment, which in a node are not the caller's; the {@code picocli.ansi} property stays the JVM's setting.
 */
final class HelpColors {
    private HelpColors() {
    }

    static Ansi of(Invocation caller) {
        String property = System.getProperty("picocli.ansi");
        if (property != null && !property.equalsIgnoreCase("auto")) {
            return property.equalsIgnoreCase("tty") ? (terminal(caller.fds()) ? Ansi.ON : Ansi.OFF)
                    : Boolean.parseBoolean(property) ? Ansi.ON : Ansi.OFF;
        }
        Map<String, String> env = caller.env();
        if (env.get("NO_COLOR") != null) {
            return Ansi.OFF;
        }
        if (env.get("CLICOLOR_FORCE") != null && !"0".equals(env.get("CLICOLOR_FORCE"))) {
            return Ansi.ON;
        }
        if ("0".equals(env.get("CLICOLOR"))) {
            return Ansi.OFF;
        }
        if (!Platform.isLinux()) {
            return Ansi.AUTO; // no fd checks off Linux (the jar still starts there for --help)
        }
        return terminal(caller.fds()) ? Ansi.ON : Ansi.OFF;
    }

    private static boolean terminal(CallerFds fds) {
        return Terminals.isTerminal(fds.pid(), fds.in()) && Terminals.isTerminal(fds.pid(), fds.out());
    }
}
