package io.edgefusion.kernel.net;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * AF_UNIX stream sockets as raw fds: the calls a node's socket and its thin client need, each failing with an
 * {@link ErrnoException} that names the call, the path or fd, and the errno. Every fd made here is close-on-exec,
 * fds received with SCM_RIGHTS included. These calls block as the kernel does; {@link OwnedFd} waits for
 * readiness first so that a virtual thread never blocks its carrier.
 */
public final class UnixSockets {
    private UnixSockets() {
    }

    /** {@code socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)}. */
    public static int socket() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            int fd = (int) NetCalls.SOCKET.get().invokeExact(cap, NetCalls.AF_UNIX,
                    NetCalls.SOCK_STREAM | NetCalls.SOCK_CLOEXEC, 0);
            check(fd, cap, "socket", "AF_UNIX");
            return fd;
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code bind(2)} to a filesystem path (at most 107 bytes: sun_path's limit; ENAMETOOLONG beyond). */
    public static void bind(int fd, Path path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            int rc = (int) NetCalls.BIND.get().invokeExact(cap, fd, address(a, path, "bind"),
                    (int) NetCalls.SOCKADDR_UN_SIZE);
            check(rc, cap, "bind", path.toString());
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code connect(2)} to a filesystem path; ENOENT, ECONNREFUSED and EACCES mean no node answers there. */
    public static void connect(int fd, Path path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            MemorySegment addr = address(a, path, "connect");
            while (true) {
                int rc = (int) NetCalls.CONNECT.get().invokeExact(cap, fd, addr, (int) NetCalls.SOCKADDR_UN_SIZE);
                if (rc == 0) {
                    return;
                }
                if (Libc.errno(cap) != Errno.EINTR.number()) {
                    throw new ErrnoException("connect", path.toString(), Libc.errno(cap));
                }
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    public static void listen(int fd, int backlog) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            check((int) NetCalls.LISTEN.get().invokeExact(cap, fd, backlog), cap, "listen", "fd " + fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /**
     * {@code accept4(fd, NULL, NULL, SOCK_CLOEXEC)}, retried on EINTR and on the errors a dropped pending
     * connection leaves (ECONNABORTED). After {@link #shutdown} of the listening socket it fails with EINVAL.
     */
    public static int accept(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            while (true) {
                int c = (int) NetCalls.ACCEPT4.get().invokeExact(cap, fd, MemorySegment.NULL, MemorySegment.NULL,
                        NetCalls.SOCK_CLOEXEC);
                if (c >= 0) {
                    return c;
                }
                int err = Libc.errno(cap);
                if (err != Errno.EINTR.number() && err != Errno.ECONNABORTED.number()) {
                    throw new ErrnoException("accept4", "fd " + fd, err);
                }
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code getsockopt(SOL_SOCKET, SO_PEERCRED)}: the peer's pid, uid and gid at connect time. */
    public static PeerCredentials peerCredentials(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            MemorySegment cred = a.allocate(NetCalls.UCRED_SIZE, 4);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, (int) NetCalls.UCRED_SIZE);
            int rc = (int) NetCalls.GETSOCKOPT.get().invokeExact(cap, fd, NetCalls.SOL_SOCKET, NetCalls.SO_PEERCRED,
                    cred, len);
            check(rc, cap, "getsockopt SO_PEERCRED", "fd " + fd);
            return new PeerCredentials(cred.get(JAVA_INT, 0), cred.get(JAVA_INT, 4), cred.get(JAVA_INT, 8));
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** {@code shutdown(2)}: 0 read side, 1 write side, 2 both. Wakes a thread blocked in accept or poll. */
    public static void shutdown(int fd, int how) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            check((int) NetCalls.SHUTDOWN.get().invokeExact(cap, fd, how), cap, "shutdown", "fd " + fd);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /**
     * {@code sendmsg(2)} of {@code len} bytes with {@code fds} attached (SCM_RIGHTS; none when empty), without
     * SIGPIPE (MSG_NOSIGNAL: a gone peer is EPIPE). Returns the bytes sent, which may be fewer than {@code len};
     * the fds travel with the first of them.
     */
    public static int send(int fd, byte[] b, int off, int len, int... fds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            MemorySegment data = a.allocate(Math.max(1, len));
            MemorySegment.copy(b, off, data, JAVA_BYTE, 0, len);
            MemorySegment control = MemorySegment.NULL;
            long controlLen = 0;
            if (fds.length > 0) {
                controlLen = NetCalls.CMSGHDR_SIZE + align(4L * fds.length);
                control = a.allocate(controlLen, 8);
                control.set(JAVA_LONG, 0, NetCalls.CMSGHDR_SIZE + 4L * fds.length);
                control.set(JAVA_INT, NetCalls.CMSG_LEVEL, NetCalls.SOL_SOCKET);
                control.set(JAVA_INT, NetCalls.CMSG_TYPE, NetCalls.SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) {
                    control.set(JAVA_INT, NetCalls.CMSGHDR_SIZE + 4L * i, fds[i]);
                }
            }
            MemorySegment msg = message(a, data, len, control, controlLen);
            while (true) {
                long n = (long) NetCalls.SENDMSG.get().invokeExact(cap, fd, msg, NetCalls.MSG_NOSIGNAL);
                if (n >= 0) {
                    return (int) n;
                }
                if (Libc.errno(cap) != Errno.EINTR.number()) {
                    throw new ErrnoException("sendmsg", "fd " + fd, Libc.errno(cap));
                }
            }
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /**
     * {@code recvmsg(2)} of up to {@code len} bytes with room for {@code maxFds} fds (MSG_CMSG_CLOEXEC). Returns 0
     * bytes at end of stream. A stream socket ends a read after the first segment that carried fds (data
     * before it may come along): keep the fds of every read, and a sender's fds are never lost or mixed with the
     * next sender's.
     */
    public static Received recv(int fd, byte[] b, int off, int len, int maxFds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = Libc.captureSegment(a);
            MemorySegment data = a.allocate(Math.max(1, len));
            long controlLen = maxFds > 0 ? NetCalls.CMSGHDR_SIZE + align(4L * maxFds) : 0;
            MemorySegment control = controlLen > 0 ? a.allocate(controlLen, 8) : MemorySegment.NULL;
            MemorySegment msg = message(a, data, len, control, controlLen);
            long n;
            while (true) {
                n = (long) NetCalls.RECVMSG.get().invokeExact(cap, fd, msg, NetCalls.MSG_CMSG_CLOEXEC);
                if (n >= 0) {
                    break;
                }
                if (Libc.errno(cap) != Errno.EINTR.number()) {
                    throw new ErrnoException("recvmsg", "fd " + fd, Libc.errno(cap));
                }
            }
            MemorySegment.copy(data, JAVA_BYTE, 0, b, off, (int) n);
            int[] fds = controlLen > 0 ? rights(control, msg.get(JAVA_LONG, NetCalls.MSG_CONTROLLEN)) : new int[0];
            boolean truncated = (msg.get(JAVA_INT, NetCalls.MSG_FLAGS) & NetCalls.MSG_CTRUNC) != 0;
            return new Received((int) n, fds, truncated);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    /** The fds of every SCM_RIGHTS header in a received control buffer of {@code used} bytes (CMSG_NXTHDR). */
    private static int[] rights(MemorySegment control, long used) {
        int[] out = new int[0];
        long at = 0;
        while (at + NetCalls.CMSGHDR_SIZE <= used) {
            long cmsgLen = control.get(JAVA_LONG, at);
            if (cmsgLen < NetCalls.CMSGHDR_SIZE || at + cmsgLen > used) {
                break;
            }
            if (control.get(JAVA_INT, at + NetCalls.CMSG_LEVEL) == NetCalls.SOL_SOCKET
                    && control.get(JAVA_INT, at + NetCalls.CMSG_TYPE) == NetCalls.SCM_RIGHTS) {
                int count = (int) ((cmsgLen - NetCalls.CMSGHDR_SIZE) / 4);
                int[] grown = java.util.Arrays.copyOf(out, out.length + count);
                for (int i = 0; i < count; i++) {
                    grown[out.length + i] = control.get(JAVA_INT, at + NetCalls.CMSGHDR_SIZE + 4L * i);
                }
                out = grown;
            }
            at += align(cmsgLen);
        }
        return out;
    }

    private static MemorySegment message(Arena a, MemorySegment data, long len, MemorySegment control,
                                         long controlLen) {
        MemorySegment iov = a.allocate(NetCalls.IOVEC_SIZE, 8);
        iov.set(java.lang.foreign.ValueLayout.ADDRESS, 0, data);
        iov.set(JAVA_LONG, 8, len);
        MemorySegment msg = a.allocate(NetCalls.MSGHDR_SIZE, 8);
        msg.set(java.lang.foreign.ValueLayout.ADDRESS, NetCalls.MSG_IOV, iov);
        msg.set(JAVA_LONG, NetCalls.MSG_IOVLEN, 1L);
        msg.set(java.lang.foreign.ValueLayout.ADDRESS, NetCalls.MSG_CONTROL, control);
        msg.set(JAVA_LONG, NetCalls.MSG_CONTROLLEN, controlLen);
        return msg;
    }

    private static MemorySegment address(Arena a, Path path, String call) {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= NetCalls.SUN_PATH_MAX) {
            throw new ErrnoException(call, path + " (" + p.length + " bytes; a socket path holds at most "
                    + (NetCalls.SUN_PATH_MAX - 1) + ")", Errno.ENAMETOOLONG.number());
        }
        MemorySegment addr = a.allocate(NetCalls.SOCKADDR_UN_SIZE, 2);
        addr.set(JAVA_SHORT, 0, (short) NetCalls.AF_UNIX);
        MemorySegment.copy(p, 0, addr, JAVA_BYTE, NetCalls.SUN_PATH_OFFSET, p.length);
        return addr;
    }

    /** CMSG_ALIGN on 64-bit glibc: to a multiple of sizeof(size_t). */
    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    private static void check(int rc, MemorySegment cap, String call, String target) {
        if (rc < 0) {
            throw new ErrnoException(call, target, Libc.errno(cap));
        }
    }
}
