package io.edgefusion.kernel.bpf;

import java.util.List;

/**
 * Cuts a cgroup off the network without touching any interface: a {@code BPF_PROG_TYPE_CGROUP_SKB} program that
 * returns 0 ("drop") attached to the cgroup2 directory for both {@code BPF_CGROUP_INET_INGRESS} and
 * {@code INET_EGRESS}. Every packet to or from a socket created by the cgroup's tasks is dropped (egress
 * senders see EPERM), which is what isolating a workload that shares the host's network namespace needs: the
 * host's interfaces must stay up for everyone else. Like the device program it is held by the cgroup and goes
 * with it; {@link Bpf#attach} keeps whatever else is attached in force (multi-attach).
 */
public final class SkbDrop {
    private SkbDrop() {
    }

    /** {@code r0 = 0; exit}: the verdict "drop" for every packet. */
    static List<BpfInsn> program() {
        return List.of(BpfInsn.mov(0, 0), BpfInsn.exit());
    }

    /** Attaches the drop program to ingress and egress of cgroup2 directory {@code cgroupDir}. */
    public static void attach(String cgroupDir) {
        for (CgroupAttachPoint point : List.of(CgroupAttachPoint.INET_INGRESS, CgroupAttachPoint.INET_EGRESS)) {
            int prog = Bpf.load(point.progType(), point.attachType(), "ef_isolate", program());
            try {
                Bpf.attach(prog, cgroupDir, point);
            } finally {
                io.edgefusion.kernel.sys.FileSyscalls.close(prog);
            }
        }
    }

    /** How many programs are attached to {@code cgroupDir} at {@code point}. */
    public static int attached(String cgroupDir, CgroupAttachPoint point) {
        return BpfObjects.attached(cgroupDir, point).size();
    }
}
