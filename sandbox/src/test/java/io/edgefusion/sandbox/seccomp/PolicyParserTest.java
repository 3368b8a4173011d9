package io.edgefusion.sandbox.seccomp;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docker's / OCI's seccomp JSON: what is accepted, and one-line errors naming file:line:col and the field. */
class PolicyParserTest {
    @Test
    void aDockerStylePolicyParsesWithEveryField() {
        SeccompPolicy p = PolicyParser.parse("""
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 13,
                 "architectures": ["SCMP_ARCH_X86_64"], "archMap": [], "flags": [],
                 "syscalls": [
                  {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "comment": "x"},
                  {"name": "personality", "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 18446744073709551615, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
                  {"names": ["kill"], "action": "SCMP_ACT_KILL_PROCESS",
                   "includes": {"caps": ["CAP_KILL"], "arches": ["amd64"], "minKernel": "4.8"},
                   "excludes": {"caps": ["SYS_ADMIN"]}},
                  {"names": ["a"], "action": "SCMP_ACT_TRACE", "errnoRet": 5}, {"names": ["b"], "action": "SCMP_ACT_LOG"},
                  {"names": ["c"], "action": "SCMP_ACT_TRAP"}, {"names": ["d"], "action": "SCMP_ACT_KILL"},
                  {"names": ["e"], "action": "SCMP_ACT_KILL_THREAD"}, {"names": ["f"], "action": "SCMP_ACT_ERRNO"}
                 ]}""", "p.json");
        assertThat(p.defaultAction()).isEqualTo(new SeccompAction.Errno(13));
        assertThat(p.rules()).hasSize(9);
        assertThat(p.rules().get(0).action()).isEqualTo(new SeccompAction.Errno(38));
        assertThat(p.rules().get(1).args().getFirst().value()).isEqualTo(-1L);
        assertThat(p.rules().get(2).includes().caps()).isEqualTo(Set.of("KILL"));
        assertThat(p.rules().get(2).excludes().caps()).isEqualTo(Set.of("SYS_ADMIN"));
        assertThat(p.rules().get(3).action()).isEqualTo(new SeccompAction.Trace(5));
        assertThat(p.rules().get(6).action()).isEqualTo(new SeccompAction.KillThread());
        assertThat(p.rules().get(8).action()).isEqualTo(new SeccompAction.Errno(1)); // EPERM unless errnoRet
    }

    @Test
    void conditionsOnTheSameArgumentAreOredAsRuncDoes() {
        SeccompPolicy p = PolicyParser.parse("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["socket"], "action": "SCMP_ACT_ERRNO",
                 "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}, {"index": 0, "value": 17, "op": "SCMP_CMP_EQ"}]}]}
                """, "p.json");
        assertThat(p.rules()).hasSize(2);
        BpfInterpreter vm = new BpfInterpreter(FilterCompiler.compile(p, new FilterTarget(Arch.X86_64, Set.of(), 6, 1)));
        int socket = SyscallTable.of(Arch.X86_64).number("socket").orElseThrow();
        assertThat(vm.run(Arch.X86_64.auditArch(), socket, 40)).isEqualTo(SeccompAction.RET_ERRNO | 1);
        assertThat(vm.run(Arch.X86_64.auditArch(), socket, 17)).isEqualTo(SeccompAction.RET_ERRNO | 1);
        assertThat(vm.run(Arch.X86_64.auditArch(), socket, 2)).isEqualTo(SeccompAction.RET_ALLOW);
    }

    @Test
    void unknownSyscallNamesAreSkippedPerArchitecture() {
        SeccompPolicy p = PolicyParser.parse("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                  {"names": ["no_such_call", "arch_prctl", "mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]}
                """, "p.json");
        for (Arch arch : Arch.values()) {
            BpfInterpreter vm = new BpfInterpreter(FilterCompiler.compile(p, new FilterTarget(arch, Set.of(), 6, 1)));
            int mkdirat = SyscallTable.of(arch).number("mkdirat").orElseThrow();
            assertThat(vm.run(arch.auditArch(), mkdirat)).isEqualTo(SeccompAction.RET_ERRNO | 38);
        }
        assertThat(SyscallTable.of(Arch.AARCH64).number("mkdir")).isEmpty(); // asm-generic has only mkdirat
    }

    @Test
    void anUnknownFieldIsRefusedWithItsLineAndColumn() {
        assertThatThrownBy(() -> PolicyParser.parse("{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscals\": []\n}",
                "/etc/p.json")).isInstanceOf(SeccompPolicyException.class)
                .hasMessage("/etc/p.json:3:3: syscals: unknown field (known: archMap, architectures, defaultAction,"
                        + " defaultErrnoRet, flags, syscalls)");
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["x"], "action": "SCMP_ACT_ALLOW",
                 "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ", "valueThree": 2}]}]}""", "p.json"))
                .hasMessageStartingWith("p.json:2:57: syscalls[0].args[0].valueThree: unknown field");
    }

    @Test
    void badValuesNameTheField() {
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["x"], "action": "SCMP_ACT_NOPE"}]}""", "p.json"))
                .hasMessageStartingWith("p.json:2:42: syscalls[0].action: unknown action \"SCMP_ACT_NOPE\"");
        assertThatThrownBy(() -> PolicyParser.parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\":"
                + " [\"x\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 6, \"value\": 1, \"op\":"
                + " \"SCMP_CMP_EQ\"}]}]}", "p.json")).hasMessageContaining("syscalls[0].args[0].index: expected an"
                + " integer 0..5");
        assertThatThrownBy(() -> PolicyParser.parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\":"
                + " [\"x\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": -1, \"op\":"
                + " \"SCMP_CMP_EQ\"}]}]}", "p.json")).hasMessageContaining("syscalls[0].args[0].value: expected an"
                + " integer 0..18446744073709551615");
        assertThatThrownBy(() -> PolicyParser.parse("{\"syscalls\": []}", "p.json"))
                .hasMessage("p.json:1:1: defaultAction: missing (e.g. \"SCMP_ACT_ERRNO\")");
        assertThatThrownBy(() -> PolicyParser.parse("{\"defaultAction\": \"SCMP_ACT_NOTIFY\"}", "p.json"))
                .hasMessageContaining("defaultAction: SCMP_ACT_NOTIFY needs a seccomp agent");
    }

    @Test
    void malformedJsonIsOneLineWithItsPosition() {
        assertThatThrownBy(() -> PolicyParser.parse("{\n \"defaultAction\": \"SCMP_ACT_ALLOW\",,\n}", "p.json"))
                .isInstanceOf(SeccompPolicyException.class).hasMessageStartingWith("p.json:2:")
                .hasMessageContaining("malformed JSON").matches(e -> !e.getMessage().contains("\n"));
        assertThatThrownBy(() -> PolicyParser.parse("[".repeat(100), "deep.json"))
                .hasMessageStartingWith("deep.json:1:").hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> PolicyParser.parse("", "empty.json")).hasMessageStartingWith("empty.json: empty");
    }
}
