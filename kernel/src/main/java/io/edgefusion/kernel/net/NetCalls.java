package io.edgefusion.kernel.net;

import io.edgefusion.kernel.sys.Libc;

import java.lang.foreign.FunctionDescriptor;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The socket and fd calls of this package, bound on first use, and the constants and struct layouts they need.
 * Everything here is asm-generic or uapi and the same on x86-64 and aarch64 (64-bit glibc: size_t fields in
 * {@code msghdr} and {@code cmsghdr}); NetConstantsMatchHeadersTest checks it against both architectures' headers.
 */
final class NetCalls {
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    /** The same bit as O_CLOEXEC on every architecture we run on. */
    static final int SOCK_CLOEXEC = Libc.O_CLOEXEC;
    static final int SOL_SOCKET = 1;
    static final int SO_PEERCRED = 17;
    static final int SCM_RIGHTS = 1;
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;

    /** {@code struct sockaddr_un}: a 2-byte family, then {@code sun_path[108]}. */
    static final long SOCKADDR_UN_SIZE = 110;
    static final long SUN_PATH_OFFSET = 2;
    static final int SUN_PATH_MAX = 108;
    /** {@code struct msghdr} (64-bit glibc). */
    static final long MSGHDR_SIZE = 56;
    static final long MSG_IOV = 16;
    static final long MSG_IOVLEN = 24;
    static final long MSG_CONTROL = 32;
    static final long MSG_CONTROLLEN = 40;
    static final long MSG_FLAGS = 48;
    /** {@code struct iovec}: base, length. */
    static final long IOVEC_SIZE = 16;
    /** {@code struct cmsghdr} = CMSG_LEN(0): size_t length, int level, int type; data follows, 8-aligned. */
    static final long CMSGHDR_SIZE = 16;
    static final long CMSG_LEVEL = 8;
    static final long CMSG_TYPE = 12;
    /** {@code struct ucred}: pid, uid, gid. */
    static final long UCRED_SIZE = 12;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    static final long POLLFD_SIZE = 8;
    /** Writes a virtual thread makes after POLLOUT: what a pipe that polls writable always takes whole. */
    static final int PIPE_BUF = 4096;

    static final Libc.Lazy SOCKET = new Libc.Lazy("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final Libc.Lazy BIND = new Libc.Lazy("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final Libc.Lazy CONNECT = new Libc.Lazy("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final Libc.Lazy LISTEN = new Libc.Lazy("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final Libc.Lazy ACCEPT4 = new Libc.Lazy("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    static final Libc.Lazy GETSOCKOPT = new Libc.Lazy("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final Libc.Lazy SENDMSG = new Libc.Lazy("sendmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    static final Libc.Lazy RECVMSG = new Libc.Lazy("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    static final Libc.Lazy SHUTDOWN = new Libc.Lazy("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final Libc.Lazy READ = new Libc.Lazy("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final Libc.Lazy WRITE = new Libc.Lazy("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final Libc.Lazy CLOSE = new Libc.Lazy("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private NetCalls() {
    }
}
