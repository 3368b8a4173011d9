package io.edgefusion.oci.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import io.edgefusion.oci.lifecycle.Runtime;
import io.edgefusion.oci.state.ContainerRecord;
import io.edgefusion.oci.state.ContainerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code events}: one JSON object per line, {@code {"type":"stats","id":…,"data":{cpu, memory, pids}}} in runc's
 * shape; {@code --stats} prints one and exits, otherwise one every {@code --interval} until the container stops.
 */
@Command(name = "events", description = "Print a container's resource statistics as JSON lines.")
final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    OciCommand root;

    @Option(names = "--stats", description = "print the statistics once and exit")
    boolean stats;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "time between statistics (default ${DEFAULT-VALUE} s)")
    long interval;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws Exception {
        Runtime rt = root.runtime();
        ContainerRecord r = rt.store().read(id);
        do {
            root.call.out().println(OciConfigs.json().writeValueAsString(event(rt, r)));
            root.call.out().flush();
            if (stats) {
                break;
            }
            Thread.sleep(Duration.ofSeconds(Math.max(1, interval)));
        } while (rt.store().find(id).isPresent() && rt.status(r) != ContainerStatus.STOPPED);
        return 0;
    }

    static ObjectNode event(Runtime rt, ContainerRecord r) {
        io.edgefusion.kernel.cgroup.EventStats all = rt.cgroup(r).eventStats();
        CgroupStats s = all.cgroup();
        ObjectNode e = OciConfigs.json().createObjectNode().put("type", "stats").put("id", r.id());
        ObjectNode data = e.putObject("data");
        s.cpu().ifPresent(c -> {
            ObjectNode cpu = data.putObject("cpu");
            ObjectNode usage = cpu.putObject("usage");
            c.usageNanos().ifPresent(v -> usage.put("total", v));
            c.userNanos().ifPresent(v -> usage.put("user", v));
            c.systemNanos().ifPresent(v -> usage.put("kernel", v));
            cpu.putObject("throttling").put("periods", c.nrPeriods()).put("throttledPeriods", c.nrThrottled())
                    .put("throttledTime", c.throttledNanos());
        });
        s.memory().ifPresent(m -> {
            ObjectNode mem = data.putObject("memory");
            ObjectNode usage = mem.putObject("usage").put("usage", m.current());
            m.peak().ifPresent(v -> usage.put("max", v));
            m.failcnt().ifPresent(v -> usage.put("failcnt", v));
            all.memoryLimit().ifPresent(v -> usage.put("limit", v));
            all.memoryCache().ifPresent(v -> mem.put("cache", v));
            m.swapCurrent().ifPresent(v -> mem.putObject("swap").put("usage", v));
            mem.put("oomKills", m.oomKills());
        });
        s.pids().ifPresent(p -> {
            ObjectNode pids = data.putObject("pids").put("current", p.current());
            p.max().ifPresent(v -> pids.put("limit", v));
        });
        if (!all.blockIo().isEmpty()) {
            ObjectNode blkio = data.putObject("blkio");
            var bytes = blkio.putArray("ioServiceBytesRecursive");
            var ops = blkio.putArray("ioServicedRecursive");
            for (var d : all.blockIo()) {
                bytes.addObject().put("major", d.major()).put("minor", d.minor()).put("op", "Read")
                        .put("value", d.readBytes());
                bytes.addObject().put("major", d.major()).put("minor", d.minor()).put("op", "Write")
                        .put("value", d.writeBytes());
                ops.addObject().put("major", d.major()).put("minor", d.minor()).put("op", "Read")
                        .put("value", d.readOps());
                ops.addObject().put("major", d.major()).put("minor", d.minor()).put("op", "Write")
                        .put("value", d.writeOps());
            }
        }
        if (!all.hugetlb().isEmpty()) {
            ObjectNode huge = data.putObject("hugetlb");
            for (var h : all.hugetlb()) {
                ObjectNode one = huge.putObject(h.size().name()).put("usage", h.usage()).put("failcnt", h.failcnt());
                h.maxUsage().ifPresent(v -> one.put("max", v));
            }
        }
        return e;
    }
}
