package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.bpf.BindProgram.Entry;
import io.edgefusion.kernel.bpf.BindProgram.Family;
import io.edgefusion.kernel.bpf.BindProgram.Transport;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bind program's shape: what each family's program compares, and that every path ends in an exit. */
class BindProgramTest {
    private static final int MAP_FD = 42;

    private static List<BpfInsn> compile(CgroupAttachPoint p, List<Entry> e) {
        return BindProgram.compile(p, e, Set.of(Transport.TCP), MAP_FD);
    }

    @Test
    void portZeroAndUngovernedTypesJumpToAllow() {
        List<BpfInsn> p = compile(CgroupAttachPoint.INET4_BIND, List.of());
        assertThat(p.get(0)).isEqualTo(BpfInsn.movReg(6, 1));
        assertThat(p.get(1)).isEqualTo(BpfInsn.ldxw(2, 6, BpfAbi.SOCK_ADDR_USER_PORT));
        // Both jumps land on the final "r0 = 1; exit".
        int allow = p.size() - 2;
        assertThat(p.get(allow)).isEqualTo(BpfInsn.mov(0, 1));
        assertThat(p.get(2).code()).isEqualTo(BpfInsn.JMP_JEQ_K);
        assertThat(2 + 1 + p.get(2).off()).isEqualTo(allow);
        assertThat(p.get(4)).isEqualTo(BpfInsn.jne(3, BpfAbi.SOCK_STREAM, allow - 5));
        assertThat(p).contains(BpfInsn.atomicAdd(0, 0, 1));
        assertThat(p.get(allow - 2)).isEqualTo(BpfInsn.mov(0, 0));
    }

    @Test
    void theMapIsLoadedByFdInTwoSlots() {
        List<BpfInsn> p = compile(CgroupAttachPoint.INET6_BIND, List.of());
        int at = p.indexOf(BpfInsn.loadMapFd(1, MAP_FD).getFirst());
        assertThat(at).isPositive();
        assertThat(p.get(at).src()).isEqualTo(BpfAbi.BPF_PSEUDO_MAP_FD);
        assertThat(p.get(at + 1)).isEqualTo(new BpfInsn(0, 0, 0, 0, 0));
        assertThat(p.get(at + 2)).isEqualTo(BpfInsn.call(BpfAbi.BPF_FUNC_MAP_LOOKUP_ELEM));
    }

    @Test
    void eachFamilyComparesOnlyItsEntriesAndV4AddressesMatchTheirMappedForm() throws Exception {
        List<Entry> entries = List.of(Entry.any(Family.INET4, 8080), Entry.any(Family.INET6, 9000),
                Entry.of(InetAddress.getByName("10.0.0.1"), 8081));
        long ports4 = compile(CgroupAttachPoint.INET4_BIND, entries).stream()
                .filter(i -> i.code() == BpfInsn.JMP32_JNE_K && i.dst() == 2).count();
        assertThat(ports4).isEqualTo(2); // 8080 and 8081; not 9000
        List<BpfInsn> p6 = compile(CgroupAttachPoint.INET6_BIND, entries);
        List<Integer> ports6 = p6.stream().filter(i -> i.code() == BpfInsn.JMP32_JNE_K && i.dst() == 2)
                .map(BpfInsn::imm).toList();
        assertThat(ports6).containsExactly(BindProgram.networkPort(8080), BindProgram.networkPort(9000),
                BindProgram.networkPort(8081));
        // 10.0.0.1 as ::ffff:10.0.0.1: three prefix words and the address.
        long addressWords = p6.stream().filter(i -> i.code() == BpfInsn.JMP32_JNE_K && i.dst() == 4).count();
        assertThat(addressWords).isEqualTo(3 + 4);
    }

    @Test
    void portsAreComparedInNetworkOrder() {
        int raw = BindProgram.networkPort(8080);
        assertThat(raw).isEqualTo(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0x901f : 8080);
        assertThat(BindProgram.hostPort(raw)).isEqualTo(8080);
    }

    @Test
    void badEntriesAreRefused() throws Exception {
        assertThatThrownBy(() -> Entry.any(Family.INET4, 0)).hasMessageContaining("0 is always allowed");
        InetAddress v6 = InetAddress.getByName("::1");
        assertThatThrownBy(() -> new Entry(Family.INET4, java.util.Optional.of(v6), 80))
                .hasMessageContaining("is not INET4");
        assertThatThrownBy(() -> compile(CgroupAttachPoint.DEVICE, List.of())).hasMessageContaining("INET4_BIND");
    }
}
