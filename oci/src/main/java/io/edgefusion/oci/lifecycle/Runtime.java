package io.edgefusion.oci.lifecycle;

import io.edgefusion.kernel.cgroup.CgroupLayout;
import io.edgefusion.kernel.cgroup.CgroupManager;
import io.edgefusion.sandbox.oci.config.OciConfig;
import io.edgefusion.sandbox.oci.config.OciConfigs;
import io.edgefusion.oci.state.ContainerException;
import io.edgefusion.oci.state.ContainerRecord;
import io.edgefusion.oci.state.ContainerStatus;
import io.edgefusion.oci.state.ContainerStore;
import io.edgefusion.oci.state.OciState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One runtime state root and this host's cgroups: what every verb works on. Warnings (a dropped capability, an
 * ignored field) go to {@code warn}, which the CLI sends to stderr and the {@code --log} file.
 */
public record Runtime(ContainerStore store, CgroupLayout layout, Consumer<String> warn) {

    public static Runtime at(Path root, Consumer<String> warn) {
        return new Runtime(new ContainerStore(root), CgroupLayout.discover(), warn);
    }

    public ContainerStatus status(ContainerRecord r) {
        return StatusProbe.of(store, layout, r);
    }

    public OciState state(String id) {
        ContainerRecord r = store.read(id);
        return OciState.of(r, status(r));
    }

    public String stateJson(ContainerRecord r, ContainerStatus s) {
        try {
            return OciConfigs.json().writeValueAsString(OciState.of(r, s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config the container was created from (the copy in its state directory). */
    public OciConfig config(String id) {
        return OciConfigs.read(store.dir(id).resolve(ContainerStore.CONFIG));
    }

    public CgroupManager cgroup(ContainerRecord r) {
        return CgroupManager.of(layout, r.cgroupPath());
    }

    /** The container, which must be in one of {@code allowed}; else runc's kind of message. */
    public ContainerRecord require(String id, String verb, ContainerStatus... allowed) {
        ContainerRecord r = store.read(id);
        ContainerStatus s = status(r);
        for (ContainerStatus a : allowed) {
            if (a == s) {
                return r;
            }
        }
        throw new ContainerException("cannot " + verb + " container " + id + ": it is " + s.word());
    }
}
