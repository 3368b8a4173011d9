package io.edgefusion.kernel.sys;

import io.edgefusion.kernel.sys.arch.Arch;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls EdgeFusion makes, bound through {@code java.lang.foreign} with errno captured right after the
 * call ({@link Linker.Option#captureCallState}) — reading errno later would see whatever the JVM did in between.
 * Every method either succeeds or throws {@link ErrnoException} naming the call, the path and the errno.
 */
public final class Libc {
    // open(2) flags that asm-generic/fcntl.h defines for x86-64 and aarch64 alike (checked against both
    // architectures' headers by GenericConstantsMatchHeadersTest).
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_TRUNC = 01000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;
    /**
     * Per architecture (it is O_DIRECT on arm), from {@link Arch}. Not a compile-time constant, so no caller in
     * another module can have one architecture's value inlined into its class file.
     */
    public static final int O_DIRECTORY = Arch.current().oDirectory();
    /** Per architecture (x86-64's value is O_LARGEFILE on arm), from {@link Arch}. */
    public static final int O_NOFOLLOW = Arch.current().oNofollow();

    /** {@code unshare(2)} flag for a thread-private cwd and root; asm-generic, the same on every architecture. */
    public static final int CLONE_FS = 0x200;

    // Signal numbers shared by x86-64 and aarch64 (asm-generic/signal.h; they differ on mips, sparc, alpha).
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGSTOP = 19;
    public static final int SIGCONT = 18;

    static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Lazy MKDIR = new Lazy("mkdir", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Lazy RMDIR = new Lazy("rmdir", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Lazy KILL = new Lazy("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Lazy STATVFS = new Lazy("statvfs",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final Lazy SCHED_GETAFFINITY = new Lazy("sched_getaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final Lazy MOUNT = new Lazy("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final Lazy UMOUNT2 = new Lazy("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Lazy MKNOD = new Lazy("mknod",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final Lazy UNSHARE = new Lazy("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private Libc() {
    }

    /**
     * A downcall bound on first use. Binding spins classes (tens of ms in a cold JVM), so a CLI command pays
     * only for the calls it makes; the hot read/write path above stays eagerly bound and constant-folded. Public
     * for the kernel's other packages (net), which bind their calls the same way.
     */
    public static final class Lazy {
        private final String name;
        private final FunctionDescriptor fd;
        private final Linker.Option[] options;
        private volatile MethodHandle handle;

        public Lazy(String name, FunctionDescriptor fd, Linker.Option... options) {
            this.name = name;
            this.fd = fd;
            this.options = options;
        }

        public MethodHandle get() {
            MethodHandle h = handle;
            if (h == null) {
                h = downcall(name, fd, options);
                handle = h;
            }
            return h;
        }
    }

    static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = CAPTURE_ERRNO;
        System.arraycopy(options, 0, all, 1, options.length);
        MemorySegment symbol = LOOKUP.find(name)
                .orElseThrow(() -> new UnsupportedHost("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, fd, all);
    }

    /** A fresh errno capture segment for a {@link Lazy} call made by another kernel package. */
    public static MemorySegment captureSegment(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** The errno a downcall captured into {@code capture}. */
    public static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** What a {@code catch (Throwable)} around {@code invokeExact} rethrows: runtime exceptions and errors as they are. */
    public static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    static void check(int rc, MemorySegment capture, String call, String target) {
        if (rc < 0) {
            throw new ErrnoException(call, target, errno(capture));
        }
    }

    /** {@code mkdir(2)}; throws with EEXIST when it exists. */
    public static void mkdir(String path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
            check((int) MKDIR.get().invokeExact(cap, a.allocateFrom(path), mode), cap, "mkdir", path);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code mkdir(2)} of a directory that may well exist: true when made, false on EEXIST, other errors thrown.
     * For paths that exist on most calls (a state root's cgroup parent, made once and met by every sandbox), where
     * an exception with its stack trace per call cost more than the mkdir.
     */
    public static boolean mkdirIfAbsent(String path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
            int rc = (int) MKDIR.get().invokeExact(cap, a.allocateFrom(path), mode);
            if (rc == 0) {
                return true;
            }
            int errno = errno(cap);
            if (errno == Errno.EEXIST.number()) {
                return false;
            }
            throw new ErrnoException("mkdir", path, errno);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code rmdir(2)}: on cgroupfs this removes a cgroup, failing with EBUSY while it has tasks or children. */
    public static void rmdir(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
            check((int) RMDIR.get().invokeExact(cap, a.allocateFrom(path)), cap, "rmdir", path);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code kill(2)}; ESRCH means the process is already gone. */
    public static void kill(int pid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
            check((int) KILL.get().invokeExact(cap, pid, signal), cap, "kill", "pid " + pid);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code statvfs(3)}; returns its {@code f_flag}. The struct's layout comes from {@link Arch}. */
    public static long statvfsFlags(String path) {
        Arch.Statvfs layout = Arch.current().statvfs();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
            MemorySegment buf = a.allocate(layout.size(), 8);
            check((int) STATVFS.get().invokeExact(cap, a.allocateFrom(path), buf), cap, "statvfs", path);
            return buf.get(JAVA_LONG, layout.flagOffset());
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code sched_getaffinity(2)} for a pid (0 = the calling thread); returns the mask bytes, little-endian bit
     * order. Grows the mask when the kernel supports more CPUs than it holds (EINVAL).
     */
    public static byte[] schedGetAffinity(int pid) {
        for (int bytes = 128; ; bytes *= 2) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
                MemorySegment mask = a.allocate(bytes, 8);
                int rc = (int) SCHED_GETAFFINITY.get().invokeExact(cap, pid, (long) bytes, mask);
                if (rc == 0) {
                    return mask.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                }
                int err = errno(cap);
                if (err != Errno.EINVAL.number() || bytes >= 1 << 16) {
                    throw new ErrnoException("sched_getaffinity", "pid " + pid, err);
                }
            } catch (Throwable t) {
                throw unexpected(t);
            }
        }
    }

    /** {@code mount(2)}; {@code data} may be null. The call is named {@code mount <target>} in errors. */
    public static void mount(String source, String target, String fsType, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
            MemorySegment src = source == null ? MemorySegment.NULL : a.allocateFrom(source);
            MemorySegment fs = fsType == null ? MemorySegment.NULL : a.allocateFrom(fsType);
            MemorySegment d = data == null ? MemorySegment.NULL : a.allocateFrom(data);
            check((int) MOUNT.get().invokeExact(cap, src, a.allocateFrom(target), fs, flags, d), cap, "mount", target);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code umount2(2)}. */
    public static void umount2(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
            check((int) UMOUNT2.get().invokeExact(cap, a.allocateFrom(target), flags), cap, "umount2", target);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code mknod(2)}; {@code dev} is the kernel's {@code makedev(major, minor)} encoding. */
    public static void mknod(String path, int mode, long dev) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
            check((int) MKNOD.get().invokeExact(cap, a.allocateFrom(path), mode, dev), cap, "mknod", path);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code unshare(2)} for the calling thread. Only call it on a dedicated platform thread (DESIGN.md §2): in a
     * JVM, CLONE_NEWUSER fails with EINVAL and CLONE_NEWPID breaks the JDK's process reaper.
     */
    public static void unshare(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE_LAYOUT);
            check((int) UNSHARE.get().invokeExact(cap, flags), cap, "unshare", "0x" + Integer.toHexString(flags));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The kernel's {@code makedev}: 12 bits of major and 20 of minor, split as glibc lays them out. */
    public static long makedev(int major, int minor) {
        return ((long) (major & 0xfffff000) << 32) | ((major & 0xfffL) << 8)
                | ((long) (minor & 0xffffff00) << 12) | (minor & 0xffL);
    }
}
