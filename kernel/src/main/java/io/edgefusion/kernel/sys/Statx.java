package io.edgefusion.kernel.sys;

/**
 * What {@code statx(2)} says about one inode. statx is used instead of {@code fstatat} because its struct has
 * one layout on every architecture ({@code struct stat} differs between x86-64 and arm64).
 */
public record Statx(int mode, int uid, int gid, long size, int nlink, long ino, long dev,
                    int rdevMajor, int rdevMinor, long mtimeSec, int mtimeNsec) {
    // File types: the same on every Linux architecture (checked against the headers).
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    public int type() {
        return mode & S_IFMT;
    }

    /** Permission bits including setuid, setgid and sticky. */
    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegular() {
        return type() == S_IFREG;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    /** overlayfs' whiteout: a character device 0/0. */
    public boolean isWhiteout() {
        return type() == S_IFCHR && rdevMajor == 0 && rdevMinor == 0;
    }
}
