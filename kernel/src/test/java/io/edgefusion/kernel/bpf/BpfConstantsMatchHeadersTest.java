package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.testing.CHeaders;
import io.edgefusion.kernel.testing.CHeaders.Toolchain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BpfAbi} and the opcodes of {@link BpfInsn} claim to be the same uapi on every architecture: checked against
 * linux/bpf.h and sys/socket.h of the machine's gcc (x86-64) and of Debian's aarch64-linux-gnu-gcc.
 */
class BpfConstantsMatchHeadersTest {
    private static Map<String, Long> javaValues() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("BPF_MAP_CREATE", (long) BpfAbi.BPF_MAP_CREATE);
        m.put("BPF_MAP_LOOKUP_ELEM", (long) BpfAbi.BPF_MAP_LOOKUP_ELEM);
        m.put("BPF_PROG_LOAD", (long) BpfAbi.BPF_PROG_LOAD);
        m.put("BPF_PROG_ATTACH", (long) BpfAbi.BPF_PROG_ATTACH);
        m.put("BPF_PROG_DETACH", (long) BpfAbi.BPF_PROG_DETACH);
        m.put("BPF_PROG_GET_FD_BY_ID", (long) BpfAbi.BPF_PROG_GET_FD_BY_ID);
        m.put("BPF_MAP_GET_FD_BY_ID", (long) BpfAbi.BPF_MAP_GET_FD_BY_ID);
        m.put("BPF_OBJ_GET_INFO_BY_FD", (long) BpfAbi.BPF_OBJ_GET_INFO_BY_FD);
        m.put("BPF_PROG_QUERY", (long) BpfAbi.BPF_PROG_QUERY);
        m.put("BPF_PROG_TYPE_CGROUP_DEVICE", (long) BpfAbi.BPF_PROG_TYPE_CGROUP_DEVICE);
        m.put("BPF_PROG_TYPE_CGROUP_SOCK_ADDR", (long) BpfAbi.BPF_PROG_TYPE_CGROUP_SOCK_ADDR);
        m.put("BPF_CGROUP_DEVICE", (long) BpfAbi.BPF_CGROUP_DEVICE);
        m.put("BPF_PROG_TYPE_CGROUP_SKB", (long) BpfAbi.BPF_PROG_TYPE_CGROUP_SKB);
        m.put("BPF_CGROUP_INET_INGRESS", (long) BpfAbi.BPF_CGROUP_INET_INGRESS);
        m.put("BPF_CGROUP_INET_EGRESS", (long) BpfAbi.BPF_CGROUP_INET_EGRESS);
        m.put("BPF_CGROUP_INET4_BIND", (long) BpfAbi.BPF_CGROUP_INET4_BIND);
        m.put("BPF_CGROUP_INET6_BIND", (long) BpfAbi.BPF_CGROUP_INET6_BIND);
        m.put("BPF_MAP_TYPE_ARRAY", (long) BpfAbi.BPF_MAP_TYPE_ARRAY);
        m.put("BPF_F_ALLOW_MULTI", (long) BpfAbi.BPF_F_ALLOW_MULTI);
        m.put("BPF_OBJ_NAME_LEN", (long) BpfAbi.BPF_OBJ_NAME_LEN);
        m.put("BPF_FUNC_map_lookup_elem", (long) BpfAbi.BPF_FUNC_MAP_LOOKUP_ELEM);
        m.put("BPF_PSEUDO_MAP_FD", (long) BpfAbi.BPF_PSEUDO_MAP_FD);
        attr(m, "map_type", BpfAbi.MAP_CREATE_MAP_TYPE);
        attr(m, "key_size", BpfAbi.MAP_CREATE_KEY_SIZE);
        attr(m, "value_size", BpfAbi.MAP_CREATE_VALUE_SIZE);
        attr(m, "max_entries", BpfAbi.MAP_CREATE_MAX_ENTRIES);
        attr(m, "map_name", BpfAbi.MAP_CREATE_MAP_NAME);
        attr(m, "map_fd", BpfAbi.ELEM_MAP_FD);
        attr(m, "key", BpfAbi.ELEM_KEY);
        attr(m, "value", BpfAbi.ELEM_VALUE);
        attr(m, "prog_type", BpfAbi.LOAD_PROG_TYPE);
        attr(m, "insn_cnt", BpfAbi.LOAD_INSN_CNT);
        attr(m, "insns", BpfAbi.LOAD_INSNS);
        attr(m, "license", BpfAbi.LOAD_LICENSE);
        attr(m, "log_level", BpfAbi.LOAD_LOG_LEVEL);
        attr(m, "log_size", BpfAbi.LOAD_LOG_SIZE);
        attr(m, "log_buf", BpfAbi.LOAD_LOG_BUF);
        attr(m, "prog_name", BpfAbi.LOAD_PROG_NAME);
        attr(m, "expected_attach_type", BpfAbi.LOAD_EXPECTED_ATTACH_TYPE);
        attr(m, "target_fd", BpfAbi.ATTACH_TARGET_FD);
        attr(m, "attach_bpf_fd", BpfAbi.ATTACH_BPF_FD);
        attr(m, "attach_type", BpfAbi.ATTACH_TYPE);
        attr(m, "attach_flags", BpfAbi.ATTACH_FLAGS);
        attr(m, "prog_id", BpfAbi.GET_ID);
        attr(m, "map_id", BpfAbi.GET_ID);
        attr(m, "info.bpf_fd", BpfAbi.INFO_BPF_FD);
        attr(m, "info.info_len", BpfAbi.INFO_LEN);
        attr(m, "info.info", BpfAbi.INFO_INFO);
        attr(m, "query.target_fd", BpfAbi.QUERY_TARGET_FD);
        attr(m, "query.attach_type", BpfAbi.QUERY_ATTACH_TYPE);
        attr(m, "query.prog_ids", BpfAbi.QUERY_PROG_IDS);
        attr(m, "query.prog_cnt", BpfAbi.QUERY_PROG_CNT);
        m.put("offsetof(struct bpf_prog_info, type)", BpfAbi.PROG_INFO_TYPE);
        m.put("offsetof(struct bpf_prog_info, id)", BpfAbi.PROG_INFO_ID);
        m.put("offsetof(struct bpf_prog_info, nr_map_ids)", BpfAbi.PROG_INFO_NR_MAP_IDS);
        m.put("offsetof(struct bpf_prog_info, map_ids)", BpfAbi.PROG_INFO_MAP_IDS);
        m.put("offsetof(struct bpf_prog_info, name)", BpfAbi.PROG_INFO_NAME);
        m.put("offsetof(struct bpf_prog_info, name) + BPF_OBJ_NAME_LEN", (long) BpfAbi.PROG_INFO_PREFIX);
        sockAddr(m, "user_family", BpfAbi.SOCK_ADDR_USER_FAMILY);
        sockAddr(m, "user_ip4", BpfAbi.SOCK_ADDR_USER_IP4);
        sockAddr(m, "user_ip6", BpfAbi.SOCK_ADDR_USER_IP6);
        sockAddr(m, "user_port", BpfAbi.SOCK_ADDR_USER_PORT);
        sockAddr(m, "family", BpfAbi.SOCK_ADDR_FAMILY);
        sockAddr(m, "type", BpfAbi.SOCK_ADDR_TYPE);
        sockAddr(m, "protocol", BpfAbi.SOCK_ADDR_PROTOCOL);
        m.put("sizeof(((struct bpf_sock_addr *) 0)->user_ip6)", 16L);
        m.put("sizeof(((struct bpf_sock_addr *) 0)->user_port)", 4L);
        m.put("AF_INET", (long) BpfAbi.AF_INET);
        m.put("AF_INET6", (long) BpfAbi.AF_INET6);
        m.put("SOCK_STREAM", (long) BpfAbi.SOCK_STREAM);
        m.put("SOCK_DGRAM", (long) BpfAbi.SOCK_DGRAM);
        m.put("sizeof(struct bpf_insn)", 8L);
        // Opcodes, composed from their parts as linux/bpf.h names them.
        m.put("BPF_LDX | BPF_MEM | BPF_W", (long) BpfInsn.LDX_MEM_W);
        m.put("BPF_ALU64 | BPF_AND | BPF_K", (long) BpfInsn.ALU64_AND_K);
        m.put("BPF_ALU64 | BPF_RSH | BPF_K", (long) BpfInsn.ALU64_RSH_K);
        m.put("BPF_ALU64 | BPF_MOV | BPF_K", (long) BpfInsn.ALU64_MOV_K);
        m.put("BPF_ALU64 | BPF_MOV | BPF_X", (long) BpfInsn.ALU64_MOV_X);
        m.put("BPF_ALU64 | BPF_ADD | BPF_K", (long) BpfInsn.ALU64_ADD_K);
        m.put("BPF_ALU64 | BPF_OR | BPF_X", (long) BpfInsn.ALU64_OR_X);
        m.put("BPF_ALU64 | BPF_LSH | BPF_K", (long) BpfInsn.ALU64_LSH_K);
        m.put("BPF_JMP | BPF_JNE | BPF_K", (long) BpfInsn.JMP_JNE_K);
        m.put("BPF_JMP | BPF_JNE | BPF_X", (long) BpfInsn.JMP_JNE_X);
        m.put("BPF_JMP | BPF_JEQ | BPF_K", (long) BpfInsn.JMP_JEQ_K);
        m.put("BPF_JMP | BPF_JA", (long) BpfInsn.JMP_JA);
        m.put("BPF_JMP | BPF_CALL", (long) BpfInsn.JMP_CALL);
        m.put("BPF_JMP | BPF_EXIT", (long) BpfInsn.JMP_EXIT);
        m.put("BPF_JMP32 | BPF_JNE | BPF_K", (long) BpfInsn.JMP32_JNE_K);
        m.put("BPF_LD | BPF_IMM | BPF_DW", (long) BpfInsn.LD_IMM_DW);
        m.put("BPF_ST | BPF_MEM | BPF_W", (long) BpfInsn.ST_MEM_W);
        m.put("BPF_STX | BPF_MEM | BPF_DW", (long) BpfInsn.STX_MEM_DW);
        m.put("BPF_STX | BPF_ATOMIC | BPF_DW", (long) BpfInsn.STX_ATOMIC_DW);
        m.put("BPF_ADD", (long) BpfInsn.ATOMIC_ADD);
        m.put("BPF_DEVCG_DEV_BLOCK", (long) DeviceProgram.DEV_BLOCK);
        m.put("BPF_DEVCG_DEV_CHAR", (long) DeviceProgram.DEV_CHAR);
        m.put("BPF_DEVCG_ACC_MKNOD", (long) DeviceProgram.ACC_MKNOD);
        m.put("BPF_DEVCG_ACC_READ", (long) DeviceProgram.ACC_READ);
        m.put("BPF_DEVCG_ACC_WRITE", (long) DeviceProgram.ACC_WRITE);
        return m;
    }

    private static void attr(Map<String, Long> m, String field, long offset) {
        m.put("offsetof(union bpf_attr, " + field + ")", offset);
    }

    private static void sockAddr(Map<String, Long> m, String field, long offset) {
        m.put("offsetof(struct bpf_sock_addr, " + field + ")", offset);
    }

    @ParameterizedTest
    @EnumSource(Toolchain.class)
    void bpfAbiIsTheHeadersOfEveryArchitecture(Toolchain tc) {
        Map<String, Long> java = javaValues();
        Map<String, String> expressions = new LinkedHashMap<>();
        java.keySet().forEach(k -> expressions.put(k, k));
        Map<String, Long> c = CHeaders.values(tc, List.of("linux/bpf.h", "sys/socket.h"), expressions);
        assertThat(new TreeMap<>(java)).as("bpf ABI vs " + tc.gcc()).isEqualTo(new TreeMap<>(c));
    }
}
