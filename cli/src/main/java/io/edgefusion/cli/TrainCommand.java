package io.edgefusion.cli;

import io.edgefusion.runtime.json.ResourcesReport;
import io.edgefusion.node.host.Invocation;
import io.edgefusion.cli.resources.ResourcesText;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.sys.Platform;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Hidden: the training run behind the JDK's AOT cache ({@code -XX:AOTCacheOutput}), which the launcher makes
 * after each build. It walks the hot paths a short-lived CLI takes — parsing, the kernel reads, state JSON and,
 * as root, one real throwaway sandbox in a temporary state root — so their classes are loaded and linked from
 * the cache instead of from the jar on every start.
 */
@Command(name = "__train", hidden = true)
public final class TrainCommand implements Runnable {
    @Override
    public void run() {
        StringWriter sink = new StringWriter();
        PrintWriter out = new PrintWriter(sink);
        for (String name : Commands.ALL.keySet()) {
            new CommandLine(Commands.ALL.get(name).get()).getUsageMessage();
        }
        if (!Platform.isLinux()) {
            return;
        }
        try {
            CgroupLayout layout = CgroupLayout.discover();
            ResourcesText.render(ResourcesReport.ofProcess(layout, ProcessHandle.current().pid(),
                    Optional.empty()), out);
            if ("0".equals(uid())) {
                Path root = Files.createTempDirectory("edgefusion-train-");
                Invocation caller = Caller.current();
                Main.run(new Invocation(List.of("run", "--rm", "--root", root.toString(), "--memory", "64m",
                        "--cpus", "1", "builtin:busybox", "--", "true"), caller.cwd(), caller.env(), caller.in(),
                        caller.out(), caller.err(), caller.fds(), caller.signals()));
                Main.run(new String[] {"ps", "-a", "--root", root.toString()}, new java.io.PrintStream(
                        java.io.OutputStream.nullOutputStream()), caller.err());
                // An image build walks the import/unpack/hash/tar paths the image commands use.
                Path ctx = Files.createDirectories(root.resolve("ctx"));
                Files.writeString(ctx.resolve("hello.txt"), "hello\n".repeat(1000));
                Files.writeString(ctx.resolve("Buildfile"), "FROM scratch\nCOPY hello.txt /hello.txt\nCMD [\"x\"]\n");
                java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
                Main.run(new String[] {"image", "build", "--root", root.toString(), "-t", "train/app:1",
                        ctx.toString()}, quiet, quiet);
                Main.run(new String[] {"image", "save", "--root", root.toString(), "train/app:1",
                        root.resolve("saved").toString()}, quiet, quiet);
                Main.run(new String[] {"image", "import", "--root", root.resolve("again").toString(),
                        root.resolve("saved") + ":1", "train/app:2"}, quiet, quiet);
                try (TrainRegistry registry = new TrainRegistry(root.resolve("saved"), "train/app", "1")) {
                    Main.run(new String[] {"pull", "--insecure", "--root", root.resolve("pulled").toString(),
                            registry.host() + "/train/app:1"}, quiet, quiet);
                } catch (LinkageError noHttpServer) {
                    // a trimmed runtime without jdk.httpserver: train without the pull path
                }
                trainOci(root, layout, quiet);
                trainNetwork(root);
                // gc also removes the root's cgroup parent, which would otherwise outlive the deleted root.
                Main.run(new String[] {"gc", "--root", root.toString()}, quiet, quiet);
                io.edgefusion.kernel.sys.TreeRemoval.remove(root);
            }
        } catch (Exception e) {
            // Training is best effort: a cache trained on less is still a cache.
        }
    }

    /**
     * The Java side of a {@code --network bridge} start without running a plugin (training must not change the
     * machine's network): the option values, the default network's list written under the throwaway root, a CNI
     * result parsed and cached, /etc/hosts and /etc/resolv.conf rendered.
     */
    private static void trainNetwork(Path root) throws Exception {
        var choice = io.edgefusion.sandbox.spec.NetworkJoin.parse("bridge", List.of("127.0.0.1:8080:80"),
                List.of("192.0.2.53"), List.of("db:192.0.2.10"));
        var store = new io.edgefusion.sandbox.network.NetworkStore(root.resolve("net"));
        store.get(io.edgefusion.sandbox.network.NetworkStore.DEFAULT);
        var result = io.edgefusion.sandbox.network.CniResult.parse(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"mac\":\"c6:6a:66:56:52:52\","
                        + "\"sandbox\":\"/x\"}],\"ips\":[{\"interface\":0,\"address\":\"10.89.0.2/24\","
                        + "\"gateway\":\"10.89.0.1\"}],\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dns\":{}}"));
        var cache = store.cache();
        String id = "0".repeat(64);
        cache.put(new io.edgefusion.sandbox.network.ResultCache.Entry(choice.join().network(), id, "eth0", "/x",
                "train", choice.join().ports(), result));
        io.edgefusion.sandbox.network.HostsFile.render("train", List.of("10.89.0.2"), choice.join().extraHosts(),
                io.edgefusion.sandbox.network.HostsFile.peers(cache.list(choice.join().network()), id));
        io.edgefusion.sandbox.network.ResolvConf.render("nameserver 127.0.0.53\n", "", List.of(), result.dns());
        cache.ofContainer(id);
        cache.remove(choice.join().network(), id, "eth0");
    }

    /**
     * edgefusion-oci's verbs on a throwaway bundle over the builtin busybox root (read-only, so it is not
     * copied): config parsing, the helper plan, the exec fifo, state JSON, delete.
     */
    private static void trainOci(Path root, CgroupLayout layout, java.io.PrintStream quiet) throws Exception {
        Path bundle = Files.createDirectories(root.resolve("oci-bundle"));
        String state = root.resolve("oci").toString();
        String cgroup = "/" + root.getFileName() + "-oci";
        Main.run(new String[] {"oci", "spec", "-b", bundle.toString()}, quiet, quiet);
        var json = io.edgefusion.sandbox.oci.config.OciConfigs.json();
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(bundle.resolve("config.json")
                .toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("root")).put("path",
                io.edgefusion.sandbox.BuiltinRootfs.resolve("builtin:busybox", root).toString());
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("process")).putArray("args").add("/bin/true");
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("linux")).put("cgroupsPath", cgroup + "/t");
        json.writeValue(bundle.resolve("config.json").toFile(), config);
        for (String[] verb : new String[][] {{"create", "-b", bundle.toString(), "t"}, {"state", "t"},
                {"start", "t"}, {"list"}, {"delete", "--force", "t"}}) {
            String[] args = new String[verb.length + 3];
            args[0] = "oci";
            args[1] = "--root";
            args[2] = state;
            System.arraycopy(verb, 0, args, 3, verb.length);
            Main.run(args, quiet, quiet);
        }
        io.edgefusion.kernel.cgroup.CgroupManager.of(layout, cgroup).remove();
    }

    private static String uid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[1]).findFirst().orElse("");
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
