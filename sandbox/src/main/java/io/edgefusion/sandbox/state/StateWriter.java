package io.edgefusion.sandbox.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.edgefusion.kernel.cgroup.LimitSettings;
import io.edgefusion.sandbox.network.HostEntry;
import io.edgefusion.sandbox.network.PortMapping;
import io.edgefusion.sandbox.spec.NetworkJoin;
import io.edgefusion.sandbox.spec.DeviceSpec;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.Seccomp;
import io.edgefusion.sandbox.spec.SandboxSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes {@code state.json} with Jackson's streaming generator, in exactly the shape {@link Json#MAPPER} reads
 * back into the records. {@code run} writes the record three times in a cold JVM; introspecting the records
 * for databind cost more than the whole cgroup set-up, the generator costs nothing. A round-trip test keeps the
 * two in step.
 */
public final class StateWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StateWriter() {
    }

    public static byte[] toBytes(SandboxState s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            state(g, s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode state of " + s.id(), e);
        }
        return out.toByteArray();
    }

    private static void state(JsonGenerator g, SandboxState s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("name", s.name());
        g.writeFieldName("spec");
        if (s.spec() == null) {
            g.writeNull();
        } else {
            spec(g, s.spec());
        }
        g.writeStringField("status", s.status().name());
        g.writeNumberField("createdAt", s.createdAt());
        g.writeNumberField("creatorPid", s.creatorPid());
        g.writeNumberField("creatorStartTicks", s.creatorStartTicks());
        number(g, "pid", s.pid());
        number(g, "pidStartTicks", s.pidStartTicks());
        number(g, "reaperPid", s.reaperPid());
        number(g, "reaperStartTicks", s.reaperStartTicks());
        number(g, "startedAt", s.startedAt());
        number(g, "finishedAt", s.finishedAt());
        number(g, "exitCode", s.exitCode());
        number(g, "signal", s.signal());
        g.writeFieldName("oomKilled");
        if (s.oomKilled() == null) {
            g.writeNull();
        } else {
            g.writeBoolean(s.oomKilled());
        }
        g.writeStringField("cgroupPath", s.cgroupPath());
        map(g, "injectedEnv", s.injectedEnv());
        g.writeStringField("error", s.error());
        g.writeEndObject();
    }

    private static void spec(JsonGenerator g, SandboxSpec s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeArrayFieldStart("layers");
        for (Path p : s.layers()) {
            g.writeString(p.toString());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("command");
        for (String c : s.command()) {
            g.writeString(c);
        }
        g.writeEndArray();
        map(g, "env", s.env());
        g.writeStringField("workdir", s.workdir());
        g.writeStringField("user", s.user());
        g.writeStringField("hostname", s.hostname());
        g.writeFieldName("limits");
        limits(g, s.limits());
        g.writeStringField("network", s.network().name());
        g.writeBooleanField("readOnly", s.readOnly());
        g.writeBooleanField("rootless", s.rootless());
        strings(g, "capAdd", s.capAdd());
        strings(g, "capDrop", s.capDrop());
        g.writeArrayFieldStart("mounts");
        for (MountSpec m : s.mounts()) {
            g.writeStartObject();
            switch (m) {
                case MountSpec.Bind b -> {
                    g.writeStringField("type", "bind");
                    g.writeStringField("source", b.source().toString());
                    g.writeStringField("target", b.target());
                    g.writeBooleanField("readOnly", b.readOnly());
                }
                case MountSpec.Tmpfs t -> {
                    g.writeStringField("type", "tmpfs");
                    g.writeStringField("target", t.target());
                    strings(g, "options", t.options());
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rlimits");
        for (SandboxSpec.Rlimit r : s.rlimits()) {
            g.writeStartObject();
            g.writeStringField("name", r.name());
            g.writeNumberField("soft", r.soft());
            g.writeNumberField("hard", r.hard());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeBooleanField("ergonomics", s.ergonomics());
        g.writeBooleanField("autoRemove", s.autoRemove());
        g.writeStringField("image", s.image());
        g.writeFieldName("external");
        if (s.external() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("options", s.external().options());
            g.writeStringField("chdir", s.external().chdir() == null ? null : s.external().chdir().toString());
            g.writeStringField("upper", s.external().upper().toString());
            g.writeStringField("work", s.external().work().toString());
            g.writeEndObject();
        }
        g.writeObjectFieldStart("stdio");
        g.writeBooleanField("interactive", s.stdio().interactive());
        g.writeBooleanField("tty", s.stdio().tty());
        g.writeEndObject();
        g.writeObjectFieldStart("security");
        g.writeObjectFieldStart("seccomp");
        switch (s.security().seccomp()) {
            case Seccomp.DefaultPolicy d -> g.writeStringField("kind", "default");
            case Seccomp.Unconfined u -> g.writeStringField("kind", "unconfined");
            case Seccomp.Custom c -> {
                g.writeStringField("kind", "custom");
                g.writeStringField("source", c.source());
                g.writeStringField("json", c.json());
            }
        }
        g.writeEndObject();
        g.writeBooleanField("noNewPrivileges", s.security().noNewPrivileges());
        g.writeBooleanField("privileged", s.security().privileged());
        g.writeEndObject();
        g.writeArrayFieldStart("devices");
        for (DeviceSpec d : s.devices()) {
            g.writeStartObject();
            g.writeStringField("hostPath", d.hostPath());
            g.writeStringField("containerPath", d.containerPath());
            g.writeStringField("permissions", d.permissions());
            g.writeEndObject();
        }
        g.writeEndArray();
        join(g, s.join());
        g.writeEndObject();
    }

    private static void join(JsonGenerator g, NetworkJoin j) throws IOException {
        g.writeFieldName("join");
        if (j == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("network", j.network());
        g.writeArrayFieldStart("ports");
        for (PortMapping p : j.ports()) {
            g.writeStartObject();
            g.writeStringField("hostIp", p.hostIp());
            g.writeNumberField("hostPort", p.hostPort());
            g.writeNumberField("containerPort", p.containerPort());
            g.writeStringField("protocol", p.protocol());
            g.writeEndObject();
        }
        g.writeEndArray();
        strings(g, "dns", j.dns());
        g.writeArrayFieldStart("extraHosts");
        for (HostEntry h : j.extraHosts()) {
            g.writeStartObject();
            g.writeStringField("ip", h.ip());
            g.writeStringField("name", h.name());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void limits(JsonGenerator g, LimitSettings l) throws IOException {
        g.writeStartObject();
        number(g, "memoryBytes", l.memoryBytes());
        number(g, "memorySwapBytes", l.memorySwapBytes());
        number(g, "memoryReservation", l.memoryReservation());
        number(g, "memoryHigh", l.memoryHigh());
        number(g, "cpuQuotaMicros", l.cpuQuotaMicros());
        number(g, "cpuPeriodMicros", l.cpuPeriodMicros());
        number(g, "cpuShares", l.cpuShares());
        number(g, "cpuWeight", l.cpuWeight());
        string(g, "cpusetCpus", l.cpusetCpus());
        string(g, "cpusetMems", l.cpusetMems());
        number(g, "pidsMax", l.pidsMax());
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, Number v) throws IOException {
        g.writeFieldName(name);
        if (v == null) {
            g.writeNull();
        } else {
            g.writeNumber(v.longValue());
        }
    }

    private static void number(JsonGenerator g, String name, OptionalLong v) throws IOException {
        number(g, name, v.isPresent() ? (Number) v.getAsLong() : null);
    }

    private static void string(JsonGenerator g, String name, Optional<String> v) throws IOException {
        g.writeStringField(name, v.orElse(null));
    }

    private static void strings(JsonGenerator g, String name, Iterable<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void map(JsonGenerator g, String name, Map<String, String> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : m.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
