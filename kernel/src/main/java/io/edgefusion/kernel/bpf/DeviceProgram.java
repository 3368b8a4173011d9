package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.cgroup.DeviceRule;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles an allow-list of device rules into a {@code BPF_PROG_TYPE_CGROUP_DEVICE} program: cgroup v2's device
 * controller. The kernel calls it with {@code struct bpf_cgroup_dev_ctx {u32 access_type; u32 major; u32 minor;}},
 * {@code access_type} being {@code (access << 16) | type}; it returns 1 to allow, 0 to refuse (EPERM).
 *
 * <pre>
 *   r2 = type, r3 = access, r4 = major, r5 = minor
 *   for each rule: skip to the next rule unless type, access ⊆ rule, major and minor match; else return 1
 *   return 0
 * </pre>
 */
public final class DeviceProgram {
    // linux/bpf.h: BPF_DEVCG_DEV_* and BPF_DEVCG_ACC_*.
    static final int DEV_BLOCK = 1;
    static final int DEV_CHAR = 2;
    static final int ACC_MKNOD = 1;
    static final int ACC_READ = 2;
    static final int ACC_WRITE = 4;

    private DeviceProgram() {
    }

    public static List<BpfInsn> compile(List<DeviceRule> allowed) {
        List<BpfInsn> p = new ArrayList<>();
        p.add(BpfInsn.ldxw(2, 1, 0));
        p.add(BpfInsn.and(2, 0xffff));
        p.add(BpfInsn.ldxw(3, 1, 0));
        p.add(BpfInsn.rsh(3, 16));
        p.add(BpfInsn.ldxw(4, 1, 4));
        p.add(BpfInsn.ldxw(5, 1, 8));
        for (DeviceRule r : allowed) {
            // Each check jumps to the rule's end; the offsets are patched once the block's length is known.
            List<Integer> jumps = new ArrayList<>();
            if (r.type() != 'a') {
                jumps.add(p.size());
                p.add(BpfInsn.jne(2, r.type() == 'c' ? DEV_CHAR : DEV_BLOCK, 0));
            }
            int acc = (r.allows('m') ? ACC_MKNOD : 0) | (r.allows('r') ? ACC_READ : 0)
                    | (r.allows('w') ? ACC_WRITE : 0);
            if (acc != (ACC_MKNOD | ACC_READ | ACC_WRITE)) {
                // The request must be a subset of the rule: (access & acc) == access.
                p.add(BpfInsn.movReg(1, 3));
                p.add(BpfInsn.and(1, acc));
                jumps.add(p.size());
                p.add(BpfInsn.jneReg(1, 3, 0));
            }
            if (r.major() != DeviceRule.ANY) {
                jumps.add(p.size());
                p.add(BpfInsn.jne(4, (int) r.major(), 0));
            }
            if (r.minor() != DeviceRule.ANY) {
                jumps.add(p.size());
                p.add(BpfInsn.jne(5, (int) r.minor(), 0));
            }
            p.add(BpfInsn.mov(0, 1));
            p.add(BpfInsn.exit());
            int next = p.size();
            for (int j : jumps) {
                p.set(j, p.get(j).withOff(next - j - 1));
            }
        }
        p.add(BpfInsn.mov(0, 0));
        p.add(BpfInsn.exit());
        return List.copyOf(p);
    }
}
