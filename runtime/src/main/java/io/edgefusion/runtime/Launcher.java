package io.edgefusion.runtime;

import io.edgefusion.image.store.StoredImage;
import io.edgefusion.runtime.lease.Lease;
import io.edgefusion.runtime.lease.Leases;
import io.edgefusion.runtime.rootfs.RootfsSource;
import io.edgefusion.runtime.spec.ImageDefaults;
import io.edgefusion.runtime.spec.LaunchRequest;
import io.edgefusion.runtime.spec.SandboxOptions;
import io.edgefusion.sandbox.Attach;
import io.edgefusion.sandbox.Sandboxes;
import io.edgefusion.sandbox.spec.SandboxSpec;

import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The one way a sandbox is started from a ROOTFS-or-image, for {@code run} and the node alike: resolve the source,
 * merge the image's config under the request, lease the image's layers, run. In three steps, so a caller can
 * report a bad source before it parses the rest and set up its terminal between spec and start; {@link #launch}
 * does all three.
 */
public final class Launcher {
    private final Sandboxes sandboxes;
    private final Path stateRoot;
    private final Path cwd;
    private final InstantSource clock;

    /**
     * @param cwd   the caller's working directory: relative root filesystem directories are relative to it
     * @param clock for lease expiry
     */
    public Launcher(Sandboxes sandboxes, Path stateRoot, Path cwd, InstantSource clock) {
        this.sandboxes = sandboxes;
        this.stateRoot = stateRoot;
        this.cwd = cwd;
        this.clock = clock;
    }

    /** A launcher for {@code stateRoot}'s sandboxes. */
    public static Launcher of(Path stateRoot, Path cwd, InstantSource clock) {
        return new Launcher(new Sandboxes(stateRoot), stateRoot, cwd, clock);
    }

    public RootfsSource resolve(String source) {
        return RootfsSource.resolve(source, stateRoot, cwd);
    }

    /** The sandbox spec: the request over the image's defaults (entrypoint, cmd, env, workdir, user). */
    public SandboxSpec spec(RootfsSource src, LaunchRequest r) {
        ImageDefaults.Merged m = src.image()
                .map(i -> ImageDefaults.apply(i.config(), r.command(), r.env(), r.workdir(), r.user()))
                .orElseGet(() -> ImageDefaults.none(r.command(), r.env(), r.workdir(), r.user()));
        SandboxOptions o = r.options();
        return new SandboxSpec(r.name(), src.layers(), m.command(), m.env(), m.workdir(), m.user(), o.hostname(),
                r.limits(), o.network(), o.readOnly(), o.rootless(), o.capAdd(), o.capDrop(), o.mounts(),
                o.rlimits(), o.ergonomics(), r.autoRemove(), src.image().isPresent() ? src.source() : null, null,
                o.stdio(), o.security(), o.devices(), o.join());
    }

    /**
     * Starts {@code spec} (made by {@link #spec} from {@code src}). An image's layers are leased from before the
     * sandbox exists (a pending lease, lapsing by itself if this process dies) until it is removed (the
     * sandbox's lease; none for an attached --rm run, which is gone when this returns).
     */
    public Sandboxes.RunResult start(RootfsSource src, SandboxSpec spec, boolean detach, Attach io) {
        if (src.image().isEmpty()) {
            return sandboxes.run(spec, detach, io);
        }
        StoredImage image = src.image().get();
        Leases leases = new Leases(src.store().orElseThrow(), clock);
        Lease pending = leases.pending(image);
        try {
            Sandboxes.RunResult r = sandboxes.run(spec, detach, io);
            if (!(spec.autoRemove() && !detach)) {
                leases.sandbox(r.id(), image);
            }
            return r;
        } finally {
            leases.release(pending.owner());
        }
    }

    /** Resolve, merge and start in one: the node's way. */
    public Sandboxes.RunResult launch(LaunchRequest r, Attach io) {
        RootfsSource src = resolve(r.source());
        return start(src, spec(src, r), r.detach(), io);
    }

    public Sandboxes sandboxes() {
        return sandboxes;
    }
}
