package io.edgefusion.kernel.bpf;

import io.edgefusion.kernel.cgroup.DeviceRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The device program's shape: checks skip to the next rule, every rule ends in "return 1", the end in "return 0". */
class DeviceProgramTest {

    @Test
    void anEmptyAllowListIsSixLoadsAndReturnZero() {
        List<BpfInsn> p = DeviceProgram.compile(List.of());
        assertThat(p).hasSize(8);
        assertThat(p.get(6)).isEqualTo(BpfInsn.mov(0, 0));
        assertThat(p.get(7)).isEqualTo(BpfInsn.exit());
    }

    @Test
    void eachCheckJumpsPastItsRulesReturnOne() {
        // c 1:3 rwm: type, major, minor checks (no access check for rwm), then r0 = 1; exit.
        List<BpfInsn> p = DeviceProgram.compile(List.of(DeviceRule.chr(1, 3, "rwm")));
        assertThat(p.subList(6, 11)).containsExactly(BpfInsn.jne(2, DeviceProgram.DEV_CHAR, 4),
                BpfInsn.jne(4, 1, 3), BpfInsn.jne(5, 3, 2), BpfInsn.mov(0, 1), BpfInsn.exit());
        // b *:* m: type check, then access ⊆ {m}: r1 = r3; r1 &= 1; if r1 != r3 skip.
        List<BpfInsn> q = DeviceProgram.compile(List.of(DeviceRule.block(DeviceRule.ANY, DeviceRule.ANY, "m")));
        assertThat(q.subList(6, 12)).containsExactly(BpfInsn.jne(2, DeviceProgram.DEV_BLOCK, 5),
                BpfInsn.movReg(1, 3), BpfInsn.and(1, DeviceProgram.ACC_MKNOD), BpfInsn.jneReg(1, 3, 2),
                BpfInsn.mov(0, 1), BpfInsn.exit());
    }

    @Test
    void encodingPutsTheDestinationRegisterInTheLowNibbleOnLittleEndian() {
        byte[] b = BpfInsn.encode(List.of(BpfInsn.ldxw(2, 1, 4)));
        assertThat(b).hasSize(8);
        assertThat(b[0]).isEqualTo((byte) 0x61);
        if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
            assertThat(b[1]).isEqualTo((byte) 0x12);
            assertThat(b[2]).isEqualTo((byte) 4);
        }
    }

    @Test
    void v1SyntaxOfRules() {
        assertThat(DeviceRule.chr(136, DeviceRule.ANY, "wrm").v1()).isEqualTo("c 136:* rwm");
        assertThat(new DeviceRule('a', DeviceRule.ANY, DeviceRule.ANY, "rwm").v1()).isEqualTo("a");
    }
}
