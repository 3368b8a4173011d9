package io.edgefusion.hal.serial.sys;

/**
 * Line speeds as termios encodes them ({@code B9600} …); the values are Linux's generic ones from termios-baud.h,
 * the same on x86-64 and aarch64 (TtyConstantsMatchHeadersTest).
 */
public final class Baud {
    private Baud() {
    }

    public static int code(int baud) {
        return switch (baud) {
            case 9600 -> 0000015;
            case 19200 -> 0000016;
            case 38400 -> 0000017;
            case 57600 -> 0010001;
            case 115200 -> 0010002;
            case 230400 -> 0010003;
            case 460800 -> 0010004;
            case 921600 -> 0010007;
            default -> throw new IllegalArgumentException("unsupported baud rate " + baud
                    + " (9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)");
        };
    }
}
