package io.edgefusion.guardian.prevent;

import io.edgefusion.kernel.bpf.BindFilter;
import io.edgefusion.kernel.bpf.BindProgram.Entry;
import io.edgefusion.kernel.bpf.BindProgram.Family;
import io.edgefusion.kernel.bpf.BindProgram.Transport;
import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.platform.contract.NetworkRules;
import io.edgefusion.platform.contract.NetworkRules.Endpoint;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prevention where the kernel allows it: the contract's network rule as cgroup BPF bind programs on a sandbox's
 * cgroup2 directory (on a hybrid host, its directory in the {@code unified} tree; the sandbox module creates it with
 * the v1 ones). A bind by any task of the sandbox to a port (or, when the contract names one, an address) outside the
 * rule then fails with EPERM at the syscall and never listens; port 0 (a client's ephemeral port) stays allowed.
 *
 * <p>A contract endpoint on a wildcard host ({@code 0.0.0.0} or {@code ::}) allows that port on any address of
 * either family; one on a specific address allows that address (an IPv4 one also in its IPv4-mapped IPv6 form).
 * By default TCP and UDP binds are governed: the contract lists DatagramSocket among its bind calls.
 *
 * <p>Anything that keeps the programs from being attached (no cgroup2 mount, a directory that is not cgroup2, a
 * kernel without cgroup BPF: EINVAL, EPERM, EOPNOTSUPP, ...) gives {@link Prevention.DetectionOnly} with a one-line
 * reason and leaves nothing attached or open; it never fails the sandbox's start.
 */
public final class BindGuard {
    private static final System.Logger LOG = System.getLogger(BindGuard.class.getName());

    private final Set<Transport> governed;

    public BindGuard() {
        this(Set.of(Transport.TCP, Transport.UDP));
    }

    public BindGuard(Set<Transport> governed) {
        if (governed.isEmpty()) {
            throw new IllegalArgumentException("BindGuard governs at least one transport");
        }
        this.governed = Set.copyOf(governed);
    }

    /** The sandbox's directory in the cgroup2 tree for cgroup path {@code cgroupPath}; empty without a cgroup2 mount. */
    public static Optional<Path> cgroupDir(CgroupLayout layout, String cgroupPath) {
        return layout.unifiedMount().flatMap(m -> m.dirOf(cgroupPath));
    }

    /** Attaches to the cgroup2 directory of {@code cgroupPath} (a sandbox's {@code SandboxState.cgroupPath()}). */
    public Prevention attach(String sandboxId, CgroupLayout layout, String cgroupPath, NetworkRules rule) {
        Optional<Path> dir = cgroupDir(layout, cgroupPath);
        if (dir.isEmpty()) {
            return off(sandboxId, layout.unifiedMount().isEmpty() ? "the host mounts no cgroup2"
                    : "cgroup " + cgroupPath + " is outside the cgroup2 mount");
        }
        return attach(sandboxId, dir.get(), rule);
    }

    /** Attaches the rule's programs to {@code cgroupDir}, which must be a cgroup2 directory. */
    public Prevention attach(String sandboxId, Path cgroupDir, NetworkRules rule) {
        return start(sandboxId, cgroupDir, rule, false, 0);
    }

    /**
     * After a guardian restart: the programs an earlier {@link #attach} left on {@code cgroupDir}, reading on from
     * {@code alreadyRecorded} refusals (what the evidence holds); when there are none (the node restarted before it
     * attached), attaches them now.
     */
    public Prevention reattach(String sandboxId, Path cgroupDir, NetworkRules rule, long alreadyRecorded) {
        return start(sandboxId, cgroupDir, rule, true, alreadyRecorded);
    }

    private Prevention start(String sandboxId, Path cgroupDir, NetworkRules rule, boolean findFirst, long recorded) {
        if (rule == null || rule.listen().isEmpty()) {
            return off(sandboxId, "the contract has no network listen rule to enforce");
        }
        if (!Files.isRegularFile(cgroupDir.resolve("cgroup.controllers"))) {
            return off(sandboxId, cgroupDir + " is not a cgroup2 directory (no cgroup2 mount there)");
        }
        List<Entry> entries;
        try {
            entries = entries(rule);
        } catch (IllegalArgumentException e) {
            return off(sandboxId, e.getMessage());
        }
        try {
            Optional<BindFilter> found = findFirst ? BindFilter.find(cgroupDir.toString()) : Optional.empty();
            BindFilter f = found.isPresent() ? found.get()
                    : BindFilter.attach(cgroupDir.toString(), entries, governed);
            LOG.log(System.Logger.Level.DEBUG, () -> "bind programs " + f.programIds() + " on " + cgroupDir
                    + " for sandbox " + sandboxId + ": " + rule.listen());
            return new Prevention.Enforcing(sandboxId, cgroupDir, f.programIds(),
                    new BindRefusals(sandboxId, f, rule, found.isPresent() ? recorded : 0));
        } catch (KernelException e) {
            return off(sandboxId, "cgroup BPF unavailable: " + e.getMessage());
        }
    }

    private static Prevention off(String sandboxId, String why) {
        String reason = "bind prevention off, detection only: " + why.replace('\n', ' ');
        LOG.log(System.Logger.Level.WARNING, () -> "sandbox " + sandboxId + ": " + reason);
        return new Prevention.DetectionOnly(sandboxId, reason);
    }

    /**
     * The allow-list of a contract's network rule: each endpoint's port, on any address of both families for a
     * wildcard host, else on that address. A host that is not an address literal is refused (the kernel compares
     * addresses; a name would need resolving, and resolving can change).
     */
    public static List<Entry> entries(NetworkRules rule) {
        Set<Entry> out = new LinkedHashSet<>();
        for (Endpoint e : rule.listen()) {
            if (e.wildcard()) {
                out.add(Entry.any(Family.INET4, e.port()));
                out.add(Entry.any(Family.INET6, e.port()));
                continue;
            }
            InetAddress a;
            try {
                a = InetAddress.ofLiteral(e.host());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("contract endpoint " + e + " names host '" + e.host()
                        + "', not an address: the kernel filter compares addresses");
            }
            out.add(Entry.of(a, e.port()));
        }
        return List.copyOf(new ArrayList<>(out));
    }
}
