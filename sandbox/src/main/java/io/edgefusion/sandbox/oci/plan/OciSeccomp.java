package io.edgefusion.sandbox.oci.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.sandbox.oci.config.OciProcess;
import io.edgefusion.sandbox.seccomp.BpfProgram;
import io.edgefusion.sandbox.seccomp.FilterCompiler;
import io.edgefusion.sandbox.seccomp.FilterTarget;
import io.edgefusion.sandbox.seccomp.PolicyParser;
import io.edgefusion.sandbox.spec.Capabilities;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code linux.seccomp} compiled for this host: the OCI format is the sandbox's own policy format, so the same
 * parser and compiler run; the filter flags only tune how the kernel installs it and are dropped with a warning,
 * and a notify listener is refused.
 */
public final class OciSeccomp {
    private static final Set<String> KNOWN_FLAGS = Set.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");

    private OciSeccomp() {
    }

    /** The program for {@code seccomp} (the {@code linux.seccomp} node, or null), judged on the process's caps. */
    public static Optional<BpfProgram> compile(JsonNode seccomp, OciProcess process, String source,
                                               Consumer<String> warn) {
        if (seccomp == null || seccomp.isNull()) {
            return Optional.empty();
        }
        if (!(seccomp instanceof ObjectNode o)) {
            throw new LaunchPlanException(source + ": not an object");
        }
        ObjectNode copy = o.deepCopy();
        JsonNode listener = copy.remove("listenerPath");
        copy.remove("listenerMetadata");
        if (listener != null && !listener.isNull() && !listener.asText().isEmpty()) {
            throw new LaunchPlanException(source + ".listenerPath: seccomp user notification is not supported");
        }
        JsonNode flags = copy.remove("flags");
        if (flags != null) {
            for (JsonNode f : flags) {
                if (!KNOWN_FLAGS.contains(f.asText())) {
                    throw new LaunchPlanException(source + ".flags: unknown flag " + f.asText());
                }
                warn.accept(source + ".flags: " + f.asText() + " ignored (the filter is installed without flags)");
            }
        }
        Set<String> caps = new TreeSet<>();
        if (process.capabilities() != null) {
            for (String c : process.capabilities().bounding()) {
                try {
                    caps.add(Capabilities.canonical(c, "process.capabilities.bounding"));
                } catch (IllegalArgumentException unknown) {
                    // CapabilitySets warns about it
                }
            }
        }
        return Optional.of(FilterCompiler.compile(PolicyParser.parse(copy.toString(), source),
                FilterTarget.host(caps)));
    }
}
