package io.edgefusion.cli.mountinfo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.ExitCodes;
import io.edgefusion.runtime.json.JsonDocs;
import io.edgefusion.cli.output.Table;
import io.edgefusion.kernel.mount.MountFacts;
import io.edgefusion.kernel.mount.MountFlag;
import io.edgefusion.kernel.sys.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code edgefusion mountinfo PATH…}: the mount holding each path and what its flags forbid. */
@Command(name = "mountinfo", mixinStandardHelpOptions = true,
        description = {"Show the mount that holds each PATH: its mountinfo entry (filesystem, source, options,"
                + " overlay layers) and its statvfs flags, with what each flag makes the kernel refuse"
                + " (noexec: execve and mmap PROT_EXEC fail; nodev: opening device nodes fails; …). Needs Linux."},
        footer = {"", "Examples:", "  edgefusion mountinfo /tmp /dev/shm", "  edgefusion mountinfo --json /"})
public final class MountinfoCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Paths to examine.")
    List<Path> paths;

    @Option(names = "--json", description = "Print one JSON document, one entry per path (schema edgefusion.mountinfo/v1,"
            + " docs/json/mountinfo.md).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Platform.requireLinux("edgefusion mountinfo");
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(p + ": no such file or directory");
            }
        }
        List<MountFacts> facts = paths.stream().map(MountFacts::of).toList();
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode doc = JsonDocs.document("edgefusion.mountinfo/v1");
            ArrayNode arr = doc.putArray("paths");
            for (MountFacts f : facts) {
                ObjectNode n = arr.addObject();
                n.put("path", f.path().toString());
                n.put("mountPoint", f.mount().mountPoint());
                n.put("mountId", f.mount().id());
                n.put("fsType", f.mount().fsType());
                n.put("source", f.mount().source());
                n.put("root", f.mount().root());
                n.put("device", f.mount().device());
                f.mount().mountOptions().forEach(n.putArray("mountOptions")::add);
                f.mount().superOptions().forEach(n.putArray("superOptions")::add);
                ArrayNode flags = n.putArray("flags");
                for (MountFlag fl : f.flags()) {
                    ObjectNode x = flags.addObject();
                    x.put("flag", fl.option());
                    x.put("forbids", fl.forbids());
                }
                if (f.overlay().isPresent()) {
                    ObjectNode o = n.putObject("overlay");
                    f.overlay().get().lowerdirs().forEach(o.putArray("lowerdirs")::add);
                    o.put("upperdir", f.overlay().get().upperdir().orElse(null));
                    o.put("workdir", f.overlay().get().workdir().orElse(null));
                } else {
                    n.putNull("overlay");
                }
            }
            out.println(doc.toPrettyString());
        } else {
            for (MountFacts f : facts) {
                out.println(f.path() + " is on " + f.mount().mountPoint() + " (" + f.mount().fsType() + " from "
                        + f.mount().source() + ", mount id " + f.mount().id() + ", device " + f.mount().device() + ")");
                out.println("  options: " + String.join(",", f.mount().mountOptions()) + "; super: "
                        + String.join(",", f.mount().superOptions()));
                f.overlay().ifPresent(o -> {
                    out.println("  overlay lowerdirs (top first): " + String.join(" : ", o.lowerdirs()));
                    out.println("  overlay upperdir: " + o.upperdir().orElse("(none: read-only overlay)")
                            + ", workdir: " + o.workdir().orElse("(none)"));
                });
                Table t = new Table("FLAG", "WHAT THE KERNEL REFUSES");
                f.flags().forEach(fl -> t.row(fl.option(), fl.forbids()));
                t.print(out, "  ");
                out.println();
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
