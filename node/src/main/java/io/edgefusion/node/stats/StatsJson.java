package io.edgefusion.node.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.kernel.cgroup.CgroupStats;
import io.edgefusion.node.events.EventJson;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The {@code edgefusion.stats/v1} document (docs/json/stats.md): one reading of each sandbox. Counters the host
 * does not offer (PSI without a cgroup2 tree, peak on a kernel before 5.19) are null, never 0.
 */
public final class StatsJson {
    public static final String SCHEMA = "edgefusion.stats/v1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatsJson() {
    }

    public static ObjectNode document(Instant time, List<StatsCollector.Row> rows) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("schema", SCHEMA);
        doc.put("time", EventJson.time(time));
        var arr = doc.putArray("sandboxes");
        for (StatsCollector.Row r : rows) {
            arr.add(sandbox(r));
        }
        return doc;
    }

    static ObjectNode sandbox(StatsCollector.Row r) {
        SandboxSample s = r.sample();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", s.id());
        n.put("name", s.name());
        n.put("running", s.running());
        Optional<CgroupStats> st = s.stats();
        ObjectNode cpu = n.putObject("cpu");
        put(cpu, "percent", r.cpu().percent());
        cpu.put("windowSeconds", r.cpu().percent().isPresent() ? r.cpu().windowSeconds() : null);
        Optional<CgroupStats.Cpu> c = st.flatMap(CgroupStats::cpu);
        put(cpu, "usageSeconds", c.map(x -> x.usageNanos()).orElse(OptionalLong.empty()), 1e9);
        cpu.put("periods", c.map(CgroupStats.Cpu::nrPeriods).orElse(null));
        cpu.put("throttledPeriods", c.map(CgroupStats.Cpu::nrThrottled).orElse(null));
        cpu.put("throttledSeconds", c.map(x -> x.throttledNanos() / 1e9).orElse(null));

        ObjectNode mem = n.putObject("memory");
        Optional<CgroupStats.Memory> m = st.flatMap(CgroupStats::memory);
        mem.put("usageBytes", m.map(CgroupStats.Memory::current).orElse(null));
        put(mem, "limitBytes", s.memoryLimit());
        OptionalDouble pct = m.isPresent() && s.memoryLimit().isPresent() && s.memoryLimit().getAsLong() > 0
                ? OptionalDouble.of(100.0 * m.get().current() / s.memoryLimit().getAsLong()) : OptionalDouble.empty();
        put(mem, "percent", pct);
        put(mem, "peakBytes", m.map(CgroupStats.Memory::peak).orElse(OptionalLong.empty()));
        mem.put("oomKills", m.map(CgroupStats.Memory::oomKills).orElse(null));

        ObjectNode pids = n.putObject("pids");
        Optional<CgroupStats.Pids> p = st.flatMap(CgroupStats::pids);
        pids.put("current", p.map(CgroupStats.Pids::current).orElse(null));
        put(pids, "max", p.map(CgroupStats.Pids::max).orElse(OptionalLong.empty()));

        ObjectNode psi = n.putObject("pressure");
        pressure(psi, "cpu", st.flatMap(CgroupStats::cpuPressure));
        pressure(psi, "memory", st.flatMap(CgroupStats::memoryPressure));
        pressure(psi, "io", st.flatMap(CgroupStats::ioPressure));
        return n;
    }

    private static void pressure(ObjectNode psi, String name, Optional<CgroupStats.Pressure> p) {
        if (p.isEmpty()) {
            psi.putNull(name);
            return;
        }
        ObjectNode o = psi.putObject(name);
        line(o, "some", Optional.of(p.get().some()));
        line(o, "full", p.get().full());
    }

    private static void line(ObjectNode o, String name, Optional<CgroupStats.Line> l) {
        if (l.isEmpty()) {
            o.putNull(name);
            return;
        }
        ObjectNode n = o.putObject(name);
        n.put("avg10", l.get().avg10());
        n.put("avg60", l.get().avg60());
        n.put("avg300", l.get().avg300());
        n.put("totalSeconds", l.get().totalMicros() / 1e6);
    }

    private static void put(ObjectNode n, String field, OptionalDouble v) {
        if (v.isPresent()) {
            n.put(field, Math.round(v.getAsDouble() * 100) / 100.0);
        } else {
            n.putNull(field);
        }
    }

    private static void put(ObjectNode n, String field, OptionalLong v) {
        if (v.isPresent()) {
            n.put(field, v.getAsLong());
        } else {
            n.putNull(field);
        }
    }

    private static void put(ObjectNode n, String field, OptionalLong v, double divisor) {
        if (v.isPresent()) {
            n.put(field, v.getAsLong() / divisor);
        } else {
            n.putNull(field);
        }
    }
}
