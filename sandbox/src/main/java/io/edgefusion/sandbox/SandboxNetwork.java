package io.edgefusion.sandbox;

import io.edgefusion.sandbox.network.CniInvoker;
import io.edgefusion.sandbox.network.HostEntry;
import io.edgefusion.sandbox.network.NetnsBinding;
import io.edgefusion.sandbox.network.NetworkAttachment;
import io.edgefusion.sandbox.network.NetworkStore;
import io.edgefusion.sandbox.network.ResultCache;
import io.edgefusion.sandbox.spec.MountSpec;
import io.edgefusion.sandbox.spec.Network;
import io.edgefusion.sandbox.spec.NetworkJoin;
import io.edgefusion.sandbox.spec.SandboxSpec;
import io.edgefusion.sandbox.state.SandboxNames;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.StateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A bridge sandbox's part of the lifecycle: its /etc/hosts and /etc/resolv.conf as files of its state directory
 * bound over the root's (made empty before the helper starts, so a read-only root needs nothing written into it,
 * and filled in place once CNI ADD gave the addresses); its netns bound at {@code ROOT/netns/ID} and attached at
 * start; DEL and unbind on every removal path; and gc's sweep of what a killed CLI left.
 */
final class SandboxNetwork {
    private static final System.Logger LOG = System.getLogger(SandboxNetwork.class.getName());
    /** The sandbox's /etc/hosts and /etc/resolv.conf, in its state directory. */
    static final String HOSTS = "hosts";
    static final String RESOLV_CONF = "resolv.conf";
    static final String ETC_HOSTS = "/etc/hosts";
    static final String ETC_RESOLV_CONF = "/etc/resolv.conf";
    static final String IFNAME = "eth0";

    private final StateStore store;
    private final NetworkStore networks;
    private final NetworkAttachment attachment;

    SandboxNetwork(StateStore store) {
        this.store = store;
        this.networks = new NetworkStore(store.root());
        this.attachment = new NetworkAttachment(networks, CniInvoker.host());
    }

    /** Refuses an unknown network before anything of the sandbox exists (the default one is made here). */
    void check(SandboxSpec spec) {
        if (spec.network() == Network.BRIDGE) {
            networks.get(spec.join().network());
        }
    }

    /**
     * The spec the helper is given: the two files (made empty, 0644) bound first, so a user's own mount over
     * /etc/hosts still wins. The stored spec keeps the user's mounts only.
     */
    SandboxSpec planned(SandboxSpec spec, Path dir) {
        if (spec.network() != Network.BRIDGE) {
            return spec;
        }
        List<MountSpec> ms = new ArrayList<>();
        ms.add(new MountSpec.Bind(empty(dir.resolve(HOSTS)), ETC_HOSTS, false));
        ms.add(new MountSpec.Bind(empty(dir.resolve(RESOLV_CONF)), ETC_RESOLV_CONF, false));
        ms.addAll(spec.mounts());
        return spec.withMounts(ms);
    }

    /**
     * The start hook's moment (PID 1 exists in its own netns, not yet exec'd): bind the netns, CNI ADD, fill the
     * two files, and give the network's other sandboxes this one's name. A failure throws; the start's undo is
     * {@link #detach}, which finds whatever was made.
     */
    void attach(SandboxState st) {
        if (st.spec().network() != Network.BRIDGE) {
            return;
        }
        NetworkJoin j = st.spec().join();
        Path netns = NetnsBinding.bind(st.pid(), NetnsBinding.pathOf(store.root(), st.id()));
        NetworkAttachment.Attached a = attachment.attach(new NetworkAttachment.Request(st.id(), st.name(), netns,
                j.network(), IFNAME, j.ports(), j.extraHosts(), j.dns()));
        Path dir = store.dir(st.id());
        write(dir.resolve(HOSTS), withHostname(a.hosts(), st));
        write(dir.resolve(RESOLV_CONF), a.resolvConf());
        refreshPeers(j.network(), st.id());
    }

    /**
     * DEL of every attachment, then the netns unbound. A failed DEL is logged (one line) and keeps its cache
     * entry for gc to retry; it never stops the rest of the removal. Returns the failure's line, if any.
     */
    Optional<String> detach(String id) {
        List<String> nets = attachment.cache().ofContainer(id).stream().map(ResultCache.Entry::network).toList();
        Optional<String> failure = Optional.empty();
        try {
            attachment.detachAll(id);
        } catch (RuntimeException e) {
            failure = Optional.of("sandbox " + id.substring(0, Math.min(12, id.length())) + ": network cleanup"
                    + " failed, edgefusion gc retries it: " + e.getMessage());
            LOG.log(System.Logger.Level.WARNING, failure.get());
        }
        try {
            NetnsBinding.unbind(NetnsBinding.pathOf(store.root(), id));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sandbox " + id + ": cannot unbind its netns: " + e.getMessage());
        }
        nets.forEach(n -> refreshPeers(n, id));
        return failure;
    }

    /**
     * What a killed CLI left: DEL of cache entries whose sandbox directory is gone, and netns binds without a
     * sandbox. Returns the ids it cleaned.
     */
    List<String> gc() {
        List<String> cleaned = new ArrayList<>();
        for (ResultCache.Entry e : all()) {
            if (!Files.exists(store.dir(e.containerId())) && !cleaned.contains(e.containerId())) {
                detach(e.containerId());
                cleaned.add(e.containerId());
            }
        }
        Path dir = store.root().resolve("netns");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    String id = p.getFileName().toString();
                    if (SandboxNames.isId(id) && !Files.exists(store.dir(id))) {
                        NetnsBinding.unbind(p);
                        if (!cleaned.contains(id)) {
                            cleaned.add(id);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return cleaned;
    }

    private List<ResultCache.Entry> all() {
        Path dir = attachment.cache().dir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> nets = Files.list(dir)) {
            List<ResultCache.Entry> out = new ArrayList<>();
            for (Path n : nets.sorted().toList()) {
                out.addAll(attachment.cache().list(n.getFileName().toString()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the CNI cache " + dir, e);
        }
    }

    /** Rewrites the /etc/hosts of the network's other sandboxes (best effort: a peer may be going away). */
    private void refreshPeers(String network, String except) {
        for (ResultCache.Entry e : attachment.cache().list(network)) {
            if (e.containerId().equals(except)) {
                continue;
            }
            Path f = store.dir(e.containerId()).resolve(HOSTS);
            try {
                Optional<SandboxState> peer = store.read(e.containerId());
                List<HostEntry> extra = peer.map(SandboxState::spec).map(SandboxSpec::join)
                        .map(NetworkJoin::extraHosts).orElse(List.of());
                if (peer.isPresent() && Files.exists(f)) {
                    write(f, withHostname(attachment.hostsFor(e.containerId(), network, e.ifname(), extra),
                            peer.get()));
                }
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.DEBUG, "hosts of " + e.containerId() + " not rewritten: " + ex.getMessage());
            }
        }
    }

    /**
     * The sandbox's own lines name it by its name and, as docker does, by its hostname too (what
     * {@code hostname} prints inside: the short id unless {@code --hostname}).
     */
    static String withHostname(String hosts, SandboxState st) {
        String host = st.spec().hostname() != null ? st.spec().hostname() : st.id().substring(0, 12);
        if (st.name() == null || host.equals(st.name())) {
            return hosts;
        }
        StringBuilder b = new StringBuilder();
        for (String line : hosts.split("\n", -1)) {
            b.append(line.endsWith("\t" + st.name()) && !line.startsWith("127.") && !line.startsWith("::1")
                    ? line + " " + host : line).append('\n');
        }
        return b.substring(0, b.length() - 1);
    }

    private static Path empty(Path f) {
        try {
            Files.deleteIfExists(f);
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + f, e);
        }
    }

    /** In place (truncate, write): the file is bound into the sandbox, a new inode would not show there. */
    private static void write(Path f, String text) {
        try {
            Files.writeString(f, text, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                    java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
