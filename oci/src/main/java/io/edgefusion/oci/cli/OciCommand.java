package io.edgefusion.oci.cli;

import io.edgefusion.oci.OciCall;
import io.edgefusion.oci.lifecycle.Runtime;
import io.edgefusion.oci.state.ContainerStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The root of {@code edgefusion-oci}: runc's global options and verbs, so containerd's runc shim, conmon and
 * Kubernetes' RuntimeClass can use it in runc's place. Errors are one line on stderr (and in {@code --log}, as
 * JSON with {@code --log-format json}, which conmon reads back) and exit code 1, as runc's.
 */
@Command(name = "edgefusion-oci", mixinStandardHelpOptions = true, versionProvider = OciCommand.Version.class,
        description = {"An OCI runtime with runc's command line, on EdgeFusion's sandbox.",
                "%nLifecycle: create → start → (kill) → delete; run = create + start; state prints the spec's state.",
                "%nExamples:",
                "  edgefusion-oci spec && edgefusion-oci run -b . demo",
                "  edgefusion-oci create -b /bundle --pid-file /run/demo.pid demo && edgefusion-oci start demo",
                "  podman --runtime $(pwd)/edgefusion-oci run --rm IMAGE true"})
public final class OciCommand {
    static final int FAILED = 1;
    /** The verbs, in help order; only the one a command line names is built (picocli's model costs ms each). */
    static final java.util.Map<String, java.util.function.Supplier<Object>> VERBS = verbs();
    /** Global options that take a value, to find the verb after them. */
    private static final java.util.Set<String> VALUED = java.util.Set.of("--root", "--log", "--log-format",
            "--rootless");

    @Option(names = "--root", paramLabel = "DIR", description = "state directory (default ${DEFAULT-VALUE})",
            defaultValue = "/run/edgefusion-oci")
    String root;

    @Option(names = "--log", paramLabel = "FILE", description = "also write errors and warnings to FILE")
    String log;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one object per line: level, msg, time)")
    String logFormat;

    @Option(names = "--debug", description = "log each step and print stack traces of failures")
    boolean debug;

    @Option(names = "--systemd-cgroup", description = "cgroupsPath is slice:prefix:name (needs systemd running)")
    boolean systemdCgroup;

    @Option(names = "--rootless", paramLabel = "true|false|auto", arity = "0..1", fallbackValue = "true",
            description = "accepted for runc compatibility: rootless containers are those with a user namespace")
    String rootless;

    OciCall call;
    OciLog logger;

    Runtime runtime() {
        return Runtime.at(call.resolve(root), logger::warn);
    }

    ContainerStore store() {
        return new ContainerStore(call.resolve(root));
    }

    Path path(String p) {
        return call.resolve(p);
    }

    /** Runs one command line for {@code call}; returns the exit code. */
    public static int run(String[] args, OciCall call) {
        OciCommand root = new OciCommand();
        root.call = call;
        root.logger = new OciLog(call.err(), null, false);
        CommandLine cl = new CommandLine(root);
        String verb = verb(args);
        for (var v : VERBS.entrySet()) {
            if (verb == null || v.getKey().equals(verb)) {
                cl.addSubcommand(v.getKey(), v.getValue().get());
            }
        }
        // Options end at the id for exec and ps: what follows is the command's own (sh -c …) or ps's.
        for (String v : new String[] {"exec", "ps"}) {
            if (cl.getSubcommands().containsKey(v)) {
                cl.getSubcommands().get(v).setStopAtPositional(true);
            }
        }
        cl.setOut(new PrintWriter(call.out(), true));
        cl.setErr(new PrintWriter(call.err(), true));
        cl.setExecutionStrategy(parsed -> {
            root.logger = new OciLog(call.err(), root.log == null ? null : call.resolve(root.log),
                    "json".equals(root.logFormat));
            if (!root.logFormat.equals("text") && !root.logFormat.equals("json")) {
                throw new CommandLine.ParameterException(cl, "--log-format " + root.logFormat
                        + ": expected text or json");
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            root.logger.error(oneLine(ex));
            if (root.debug) {
                ex.printStackTrace(call.err());
            }
            return FAILED;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            root.logger.error(ex.getMessage());
            return FAILED;
        });
        int code = cl.execute(args);
        call.out().flush();
        call.err().flush();
        return code;
    }

    private static java.util.Map<String, java.util.function.Supplier<Object>> verbs() {
        var m = new java.util.LinkedHashMap<String, java.util.function.Supplier<Object>>();
        m.put("create", CreateCommand::new);
        m.put("start", StartCommand::new);
        m.put("state", StateCommand::new);
        m.put("kill", KillCommand::new);
        m.put("delete", DeleteCommand::new);
        m.put("run", RunCommand::new);
        m.put("exec", ExecCommand::new);
        m.put("ps", PsCommand::new);
        m.put("pause", PauseCommand::new);
        m.put("resume", ResumeCommand::new);
        m.put("update", UpdateCommand::new);
        m.put("events", EventsCommand::new);
        m.put("list", ListCommand::new);
        m.put("features", FeaturesCommand::new);
        m.put("spec", SpecCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The verb a command line names (the first word after the global options), or null: then all are built. */
    static String verb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (VALUED.contains(a) && !a.equals("--rootless")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a.equals("ls") ? "list" : VERBS.containsKey(a) ? a : null;
            }
        }
        return null;
    }

    static String oneLine(Throwable t) {
        if (t instanceof io.edgefusion.sandbox.launch.LaunchFailure lf && lf.step().startsWith("exec ")) {
            return execFailure(lf);
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof java.io.UncheckedIOException u && u.getCause() != null && u.getCause().getMessage() != null
                && !m.contains(u.getCause().getMessage())) {
            m = m + ": " + u.getCause().getMessage();
        }
        return m.lines().findFirst().orElse(m);
    }

    /**
     * A program that cannot be executed, in the words shims look for to pick the exit code: podman maps "no such
     * file or directory" / "executable file not found" to 127 and "permission denied" to 126.
     */
    static String execFailure(io.edgefusion.sandbox.launch.LaunchFailure lf) {
        String what = lf.step().substring("exec ".length());
        return switch (io.edgefusion.kernel.sys.Errno.nameOf(lf.errno())) {
            case "ENOENT" -> "exec " + what + ": no such file or directory (executable file not found in the"
                    + " container's $PATH)";
            case "EACCES" -> "exec " + what + ": permission denied";
            default -> lf.getMessage();
        };
    }

    /** {@code --version}: ours and the newest spec version taken, as runc prints them. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = OciCommand.class.getPackage().getImplementationVersion();
            return new String[]{"edgefusion-oci version " + (v == null ? "0.1.0-SNAPSHOT" : v),
                    "spec: " + io.edgefusion.oci.state.OciState.VERSION};
        }
    }
}
