package io.edgefusion.hal.serial.sys;

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
 * The serial driver's terminal constants are the same on x86-64 and aarch64 (the driver runs on the RK3588):
 * checked against both architectures' headers, as the kernel module's tables are.
 */
class TtyConstantsMatchHeadersTest {
    @ParameterizedTest
    @EnumSource(Toolchain.class)
    void terminalConstantsAreTheHeadersOfEveryArchitecture(Toolchain tc) {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("O_RDWR", (long) Tty.O_RDWR);
        java.put("O_NOCTTY", (long) Tty.O_NOCTTY);
        java.put("O_CLOEXEC", (long) Tty.O_CLOEXEC);
        java.put("TCSANOW", (long) Tty.TCSANOW);
        java.put("TCIOFLUSH", (long) Tty.TCIOFLUSH);
        java.put("FIONREAD", Tty.FIONREAD);
        java.put("POLLIN", (long) Tty.POLLIN);
        java.put("sizeof(struct pollfd)", 8L);
        java.put("offsetof(struct pollfd, events)", 4L);
        java.put("sizeof(struct termios) <= " + Tty.TERMIOS_SIZE, 1L);
        for (int baud : new int[] {9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600}) {
            java.put("B" + baud, (long) Baud.code(baud));
        }
        Map<String, String> expressions = new LinkedHashMap<>();
        java.keySet().forEach(k -> expressions.put(k, k));
        Map<String, Long> headers = CHeaders.values(tc, List.of("fcntl.h", "termios.h", "sys/ioctl.h", "poll.h"),
                expressions);
        assertThat(new TreeMap<>(java)).as("Tty vs " + tc.gcc()).isEqualTo(new TreeMap<>(headers));
    }
}
