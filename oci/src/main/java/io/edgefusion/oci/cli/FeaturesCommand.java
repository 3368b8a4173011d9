package io.edgefusion.oci.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupVersion;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code features}: what this runtime and host support, in the runtime spec's features document. */
@Command(name = "features", description = "Print the runtime spec's features document for this runtime and host.")
final class FeaturesCommand implements Callable<Integer> {
    static final List<String> HOOKS = List.of("prestart", "createRuntime", "createContainer", "startContainer",
            "poststart", "poststop");
    static final List<String> MOUNT_OPTIONS = List.of("async", "atime", "bind", "defaults", "dev", "diratime",
            "dirsync", "exec", "loud", "mand", "noatime", "nodev", "nodiratime", "noexec", "nomand", "norelatime",
            "nostrictatime", "nosuid", "private", "rbind", "relatime", "remount", "ro", "rprivate", "rshared",
            "rslave", "runbindable", "rw", "shared", "silent", "slave", "strictatime", "suid", "sync",
            "tmpcopyup", "unbindable");
    static final List<String> NAMESPACES = List.of("cgroup", "ipc", "mount", "network", "pid", "user", "uts");
    static final List<String> ACTIONS = List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL",
            "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP");
    static final List<String> OPERATORS = List.of("SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE",
            "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE");

    @ParentCommand
    OciCommand root;

    @Override
    public Integer call() throws Exception {
        ObjectNode f = OciConfigs.json().createObjectNode().put("ociVersionMin", "1.0.0")
                .put("ociVersionMax", io.edgefusion.oci.state.OciState.VERSION);
        strings(f.putArray("hooks"), HOOKS);
        strings(f.putArray("mountOptions"), MOUNT_OPTIONS);
        ObjectNode linux = f.putObject("linux");
        strings(linux.putArray("namespaces"), NAMESPACES);
        strings(linux.putArray("capabilities"), capabilityNames());
        CgroupVersion v = CgroupLayout.discover().version();
        linux.putObject("cgroup").put("v1", !(v instanceof CgroupVersion.V2)).put("v2", !(v instanceof CgroupVersion.V1))
                .put("systemd", false).put("systemdUser", false);
        ObjectNode seccomp = linux.putObject("seccomp").put("enabled", true);
        strings(seccomp.putArray("actions"), ACTIONS);
        strings(seccomp.putArray("operators"), OPERATORS);
        strings(seccomp.putArray("archs"), List.of(io.edgefusion.sandbox.seccomp.Arch.host() == io.edgefusion.sandbox.seccomp.Arch.AARCH64
                ? "SCMP_ARCH_AARCH64" : "SCMP_ARCH_X86_64"));
        linux.putObject("apparmor").put("enabled", Files.exists(Path.of("/sys/kernel/security/apparmor")));
        linux.putObject("selinux").put("enabled", Files.exists(Path.of("/sys/fs/selinux/enforce")));
        root.call.out().println(OciConfigs.json().writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(f));
        return 0;
    }

    private static List<String> capabilityNames() {
        List<String> out = new java.util.ArrayList<>();
        for (String n : io.edgefusion.sandbox.spec.Capabilities.names()) {
            out.add("CAP_" + n);
        }
        return out;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }
}
