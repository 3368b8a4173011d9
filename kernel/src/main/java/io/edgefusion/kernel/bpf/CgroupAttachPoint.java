package io.edgefusion.kernel.bpf;

/**
 * Where on a cgroup2 directory a program runs ({@code enum bpf_attach_type}), with the program type the kernel
 * requires there: device access, packets in and out of the cgroup's sockets, and the {@code bind(2)} of IPv4 and IPv6 sockets made by the cgroup's tasks.
 */
public enum CgroupAttachPoint {
    DEVICE(BpfAbi.BPF_CGROUP_DEVICE, BpfAbi.BPF_PROG_TYPE_CGROUP_DEVICE),
    INET_INGRESS(BpfAbi.BPF_CGROUP_INET_INGRESS, BpfAbi.BPF_PROG_TYPE_CGROUP_SKB),
    INET_EGRESS(BpfAbi.BPF_CGROUP_INET_EGRESS, BpfAbi.BPF_PROG_TYPE_CGROUP_SKB),
    INET4_BIND(BpfAbi.BPF_CGROUP_INET4_BIND, BpfAbi.BPF_PROG_TYPE_CGROUP_SOCK_ADDR),
    INET6_BIND(BpfAbi.BPF_CGROUP_INET6_BIND, BpfAbi.BPF_PROG_TYPE_CGROUP_SOCK_ADDR);

    private final int attachType;
    private final int progType;

    CgroupAttachPoint(int attachType, int progType) {
        this.attachType = attachType;
        this.progType = progType;
    }

    int attachType() {
        return attachType;
    }

    int progType() {
        return progType;
    }
}
