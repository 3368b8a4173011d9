package io.edgefusion.sandbox.seccomp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The syscall tables are the kernel headers' numbers: {@code #include <asm/unistd.h>} through {@code gcc -E -dM}
 * (x86-64) and {@code aarch64-linux-gnu-gcc -E -dM} (Debian's gcc-aarch64-linux-gnu), every {@code __NR_name}
 * resolved (asm-generic defines some through {@code __NR3264_*}). Fails on any difference; a missing compiler
 * fails the test too. To regenerate after a headers upgrade: {@code java SyscallTableHeadersTest.java} is not
 * needed — print {@link #derive} with the table's header line (see the files' first line).
 */
class SyscallTableHeadersTest {
    static String compiler(Arch arch) {
        return arch == Arch.X86_64 ? "gcc" : "aarch64-linux-gnu-gcc";
    }

    static Map<String, Integer> derive(Arch arch) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(compiler(arch), "-E", "-dM", "-").redirectErrorStream(true).start();
        p.getOutputStream().write("#include <asm/unistd.h>\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(compiler(arch) + ": " + out).isZero();
        Map<String, String> nr = new TreeMap<>();
        Map<String, String> nr3264 = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals("#define")) {
                if (f[1].startsWith("__NR3264_")) {
                    nr3264.put(f[1], f[2]);
                } else if (f[1].startsWith("__NR_")) {
                    nr.put(f[1].substring(5), f[2]);
                }
            }
        }
        Map<String, Integer> table = new TreeMap<>();
        nr.forEach((name, v) -> {
            String value = nr3264.getOrDefault(v, v);
            // __NR_syscalls (the count) and __NR_arch_specific_syscall (a range start) are not syscalls.
            if (value.matches("\\d+") && !name.equals("syscalls") && !name.equals("arch_specific_syscall")) {
                table.put(name, Integer.parseInt(value));
            }
        });
        return table;
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void theTableIsExactlyWhatTheHeadersSay(Arch arch) throws Exception {
        Map<String, Integer> headers = derive(arch);
        assertThat(headers).hasSizeGreaterThan(280).containsKeys("read", "openat", "clone3", "execve");
        assertThat(SyscallTable.of(arch).all()).isEqualTo(headers);
    }
}
