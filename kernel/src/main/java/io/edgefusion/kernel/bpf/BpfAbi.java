package io.edgefusion.kernel.bpf;

/**
 * The bpf(2) ABI this package speaks (linux/bpf.h, linux/bpf_common.h): commands, program, attach and map types,
 * {@code union bpf_attr} offsets, the {@code struct bpf_sock_addr} context and the instruction encodings. All of it
 * is fixed-width uapi, the same on every architecture (only {@code __NR_bpf} differs: {@code Arch.sysBpf()}); the
 * values are checked against both architectures' headers by BpfConstantsMatchHeadersTest.
 */
final class BpfAbi {
    // enum bpf_cmd
    static final int BPF_MAP_CREATE = 0;
    static final int BPF_MAP_LOOKUP_ELEM = 1;
    static final int BPF_PROG_LOAD = 5;
    static final int BPF_PROG_ATTACH = 8;
    static final int BPF_PROG_DETACH = 9;
    static final int BPF_PROG_GET_FD_BY_ID = 13;
    static final int BPF_MAP_GET_FD_BY_ID = 14;
    static final int BPF_OBJ_GET_INFO_BY_FD = 15;
    static final int BPF_PROG_QUERY = 16;

    // enum bpf_prog_type, enum bpf_attach_type, enum bpf_map_type
    static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    static final int BPF_PROG_TYPE_CGROUP_SOCK_ADDR = 18;
    static final int BPF_PROG_TYPE_CGROUP_SKB = 8;
    static final int BPF_CGROUP_DEVICE = 6;
    static final int BPF_CGROUP_INET_INGRESS = 0;
    static final int BPF_CGROUP_INET_EGRESS = 1;
    static final int BPF_CGROUP_INET4_BIND = 8;
    static final int BPF_CGROUP_INET6_BIND = 9;
    static final int BPF_MAP_TYPE_ARRAY = 2;
    static final int BPF_F_ALLOW_MULTI = 2;
    static final int BPF_OBJ_NAME_LEN = 16;
    static final int BPF_FUNC_MAP_LOOKUP_ELEM = 1;
    static final int BPF_PSEUDO_MAP_FD = 1;

    // union bpf_attr, by command
    static final long MAP_CREATE_MAP_TYPE = 0;
    static final long MAP_CREATE_KEY_SIZE = 4;
    static final long MAP_CREATE_VALUE_SIZE = 8;
    static final long MAP_CREATE_MAX_ENTRIES = 12;
    static final long MAP_CREATE_MAP_NAME = 28;
    static final long ELEM_MAP_FD = 0;
    static final long ELEM_KEY = 8;
    static final long ELEM_VALUE = 16;
    static final long LOAD_PROG_TYPE = 0;
    static final long LOAD_INSN_CNT = 4;
    static final long LOAD_INSNS = 8;
    static final long LOAD_LICENSE = 16;
    static final long LOAD_LOG_LEVEL = 24;
    static final long LOAD_LOG_SIZE = 28;
    static final long LOAD_LOG_BUF = 32;
    static final long LOAD_PROG_NAME = 48;
    static final long LOAD_EXPECTED_ATTACH_TYPE = 68;
    static final long ATTACH_TARGET_FD = 0;
    static final long ATTACH_BPF_FD = 4;
    static final long ATTACH_TYPE = 8;
    static final long ATTACH_FLAGS = 12;
    static final long GET_ID = 0;
    static final long INFO_BPF_FD = 0;
    static final long INFO_LEN = 4;
    static final long INFO_INFO = 8;
    static final long QUERY_TARGET_FD = 0;
    static final long QUERY_ATTACH_TYPE = 4;
    static final long QUERY_PROG_IDS = 16;
    static final long QUERY_PROG_CNT = 24;

    // struct bpf_prog_info: the prefix this package reads (the kernel fills at most info_len bytes).
    static final long PROG_INFO_TYPE = 0;
    static final long PROG_INFO_ID = 4;
    static final long PROG_INFO_NR_MAP_IDS = 52;
    static final long PROG_INFO_MAP_IDS = 56;
    static final long PROG_INFO_NAME = 64;
    static final int PROG_INFO_PREFIX = 80;

    // struct bpf_sock_addr: what a BPF_PROG_TYPE_CGROUP_SOCK_ADDR program reads at r1.
    static final int SOCK_ADDR_USER_FAMILY = 0;
    static final int SOCK_ADDR_USER_IP4 = 4;
    static final int SOCK_ADDR_USER_IP6 = 8;
    static final int SOCK_ADDR_USER_PORT = 24;
    static final int SOCK_ADDR_FAMILY = 28;
    static final int SOCK_ADDR_TYPE = 32;
    static final int SOCK_ADDR_PROTOCOL = 36;

    // Socket families and types the bind program compares with (sys/socket.h; generic on x86-64 and aarch64).
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;

    private BpfAbi() {
    }
}
