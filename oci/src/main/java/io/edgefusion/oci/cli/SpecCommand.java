package io.edgefusion.oci.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import io.edgefusion.oci.state.ContainerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code spec}: writes a starting config.json (docker's default capabilities, masked paths, a device cgroup that
 * allows only the defaults); {@code --rootless} adds a user namespace mapping the caller's ids to root and
 * leaves out what an unprivileged user cannot mount.
 */
@Command(name = "spec", description = "Write a default config.json into the bundle directory.")
final class SpecCommand implements Callable<Integer> {
    static final String TEMPLATE = "default-config.json";

    @ParentCommand
    OciCommand root;

    @Option(names = {"-b", "--bundle"}, paramLabel = "DIR", defaultValue = ".")
    String bundle;

    @Option(names = "--rootless", description = "a config for an unprivileged user")
    boolean rootless;

    @Override
    public Integer call() throws Exception {
        Path file = root.path(bundle).resolve("config.json");
        if (Files.exists(file)) {
            throw new ContainerException(file + ": exists already (remove it first)");
        }
        ObjectNode c;
        try (InputStream in = OciTemplates.defaultConfig()) {
            c = (ObjectNode) OciConfigs.json().readTree(in);
        }
        if (rootless) {
            long uid = (Long) Files.getAttribute(Path.of("/proc/self"), "unix:uid") instanceof Long l ? l
                    : ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
            ObjectNode linux = (ObjectNode) c.get("linux");
            ArrayNode ns = linux.putArray("namespaces");
            for (String t : new String[]{"pid", "ipc", "uts", "mount", "cgroup", "user"}) {
                ns.addObject().put("type", t);
            }
            linux.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", uid).put("size", 1);
            linux.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", uid).put("size", 1);
            linux.remove("resources");
            ArrayNode mounts = (ArrayNode) c.get("mounts");
            for (int i = mounts.size() - 1; i >= 0; i--) {
                String d = mounts.get(i).get("destination").asText();
                if (d.equals("/sys") || d.equals("/sys/fs/cgroup")) {
                    mounts.remove(i);
                }
            }
            mounts.addObject().put("destination", "/sys").put("type", "none").put("source", "/sys")
                    .putArray("options").add("rbind").add("nosuid").add("noexec").add("nodev").add("ro");
            ((ArrayNode) mounts.get(2).get("options")).removeAll().add("nosuid").add("noexec").add("newinstance")
                    .add("ptmxmode=0666").add("mode=0620");
        }
        Files.writeString(file, OciConfigs.json().writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(c) + "\n");
        return 0;
    }
}
