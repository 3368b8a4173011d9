package io.edgefusion.hal.serial.sys;

/** Names for the errno values a terminal driver meets. */
final class Errnos {
    private Errnos() {
    }

    static String name(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 4 -> "EINTR";
            case 5 -> "EIO";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 13 -> "EACCES";
            case 22 -> "EINVAL";
            case 24 -> "EMFILE";
            case 25 -> "ENOTTY";
            default -> "errno" + errno;
        };
    }
}
