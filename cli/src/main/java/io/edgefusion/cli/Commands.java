package io.edgefusion.cli;

import io.edgefusion.cli.breaker.BreakerCommand;
import io.edgefusion.cli.contract.ContractCommand;
import io.edgefusion.cli.deploy.DeployCommand;
import io.edgefusion.cli.diagnose.DiagnoseCommand;
import io.edgefusion.cli.diagnose.TraceCommand;
import io.edgefusion.cli.deploy.DeploymentCommand;
import io.edgefusion.cli.deploy.DeploymentsCommand;
import io.edgefusion.cli.deploy.RollbackCommand;
import io.edgefusion.cli.deploy.UndeployCommand;
import io.edgefusion.cli.evidence.EvidenceCommand;
import io.edgefusion.cli.image.ImageCommand;
import io.edgefusion.cli.mountinfo.MountinfoCommand;
import io.edgefusion.cli.network.NetworkCommand;
import io.edgefusion.cli.observe.EventsCommand;
import io.edgefusion.cli.observe.StatsCommand;
import io.edgefusion.cli.observe.TopCommand;
import io.edgefusion.cli.observe.WaitCommand;
import io.edgefusion.cli.node.NodeCommand;
import io.edgefusion.cli.profile.ProfileCommand;
import io.edgefusion.cli.resources.ResourcesCommand;
import io.edgefusion.cli.sandbox.CommitCommand;
import io.edgefusion.cli.sandbox.DiffCommand;
import io.edgefusion.cli.sandbox.ExecCommand;
import io.edgefusion.cli.sandbox.GcCommand;
import io.edgefusion.cli.sandbox.InspectCommand;
import io.edgefusion.cli.sandbox.KillCommand;
import io.edgefusion.cli.sandbox.LogsCommand;
import io.edgefusion.cli.sandbox.PsCommand;
import io.edgefusion.cli.sandbox.RmCommand;
import io.edgefusion.cli.sandbox.RunCommand;
import io.edgefusion.cli.sandbox.StopCommand;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every subcommand, by name, in help order. picocli builds a command's model by reflection; building all of
 * them costs a cold JVM more than running one, so {@link #register} builds only the one being run (all of
 * them for top-level help).
 */
final class Commands {
    static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();
    /** Commands whose arguments after the first positional belong to the workload's command line. */
    private static final Set<String> STOP_AT_POSITIONAL = Set.of("run", "exec", "top", "trace");

    static {
        ALL.put("run", RunCommand::new);
        ALL.put("ps", PsCommand::new);
        ALL.put("inspect", InspectCommand::new);
        ALL.put("stop", StopCommand::new);
        ALL.put("kill", KillCommand::new);
        ALL.put("rm", RmCommand::new);
        ALL.put("logs", LogsCommand::new);
        ALL.put("exec", ExecCommand::new);
        ALL.put("gc", GcCommand::new);
        ALL.put("stats", StatsCommand::new);
        ALL.put("top", TopCommand::new);
        ALL.put("wait", WaitCommand::new);
        ALL.put("events", EventsCommand::new);
        ALL.put("diff", DiffCommand::new);
        ALL.put("commit", CommitCommand::new);
        ALL.put("image", ImageCommand::new);
        ALL.put("pull", io.edgefusion.cli.registry.PullCommand::new);
        ALL.put("push", io.edgefusion.cli.registry.PushCommand::new);
        ALL.put("login", io.edgefusion.cli.registry.LoginCommand::new);
        ALL.put("logout", io.edgefusion.cli.registry.LogoutCommand::new);
        ALL.put("network", NetworkCommand::new);
        ALL.put("resources", ResourcesCommand::new);
        ALL.put("mountinfo", MountinfoCommand::new);
        ALL.put("diagnose", DiagnoseCommand::new);
        ALL.put("trace", TraceCommand::new);
        ALL.put("profile", ProfileCommand::new);
        ALL.put("contract", ContractCommand::new);
        ALL.put("deploy", DeployCommand::new);
        ALL.put("deployments", DeploymentsCommand::new);
        ALL.put("deployment", DeploymentCommand::new);
        ALL.put("rollback", RollbackCommand::new);
        ALL.put("undeploy", UndeployCommand::new);
        ALL.put("node", NodeCommand::new);
        ALL.put("evidence", EvidenceCommand::new);
        ALL.put("breaker", BreakerCommand::new);
    }

    /** Hidden commands: registered only when named. */
    private static final Map<String, Supplier<Object>> HIDDEN = Map.of("__train", TrainCommand::new);

    private Commands() {
    }

    static void register(CommandLine top, String[] args) {
        String wanted = null;
        for (int i = 0; i < args.length; i++) {
            if (GlobalOptions.WITH_VALUE.contains(args[i])) {
                i++; // its value is not the verb
            } else if (!args[i].startsWith("-")) {
                wanted = args[i];
                break;
            }
        }
        if (wanted != null && HIDDEN.containsKey(wanted)) {
            top.addSubcommand(wanted, HIDDEN.get(wanted).get());
            return;
        }
        List<String> all = Arrays.asList(args);
        if (wanted == null && (all.contains("--version") || all.contains("-V")) && !all.contains("--help")
                && !all.contains("-h")) {
            return; // --version needs no subcommand model
        }
        boolean one = wanted != null && ALL.containsKey(wanted);
        for (Map.Entry<String, Supplier<Object>> e : ALL.entrySet()) {
            if (!one || e.getKey().equals(wanted)) {
                top.addSubcommand(e.getKey(), e.getValue().get());
                if (STOP_AT_POSITIONAL.contains(e.getKey())) {
                    top.getSubcommands().get(e.getKey()).setStopAtPositional(true);
                }
            }
        }
    }
}
