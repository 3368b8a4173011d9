package io.edgefusion.image.oci;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * SHA-256 by the system's libcrypto (OpenSSL 3, through FFM), used by {@link Digest#sha256()} when the library
 * is there. Why: the JDK's fast SHA-256 is a C2 intrinsic, so a short-lived command hashes in slow Java code
 * until C2 has compiled it (a 50 MiB pull spent ~0.8 s of CPU in C1-compiled SHA2.implCompress0, and keeping
 * C2 on costs the compiler threads about as much again); OpenSSL's SHA-NI/AVX2 code is fast from the first
 * byte. Bytes are hashed in place (a critical downcall may read the Java array), nothing is copied. Without
 * libcrypto (a trimmed device) the JDK's digest is used; both give the same sha256.
 */
final class NativeSha256 extends MessageDigest {
    /** {@code SHA256_CTX} is 112 bytes in OpenSSL 1.1 and 3; room to spare costs nothing. */
    private static final long CTX_BYTES = 256;
    private static final int LENGTH = 32;
    private static final MethodHandle INIT;
    private static final MethodHandle UPDATE;
    private static final MethodHandle FINAL;

    static {
        MethodHandle init = null;
        MethodHandle update = null;
        MethodHandle fin = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = load();
            if (lib != null) {
                Linker.Option critical = Linker.Option.critical(true);
                init = linker.downcallHandle(lib.findOrThrow("SHA256_Init"),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS), critical);
                update = linker.downcallHandle(lib.findOrThrow("SHA256_Update"), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), critical);
                fin = linker.downcallHandle(lib.findOrThrow("SHA256_Final"),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), critical);
            }
        } catch (RuntimeException | LinkageError e) {
            init = null; // no native access, or no such symbols: the JDK's digest does the work
        }
        INIT = init;
        UPDATE = fin == null ? null : update;
        FINAL = fin;
    }

    private static SymbolLookup load() {
        for (String name : new String[] {"libcrypto.so.3", "libcrypto.so.1.1"}) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException absent) {
                // try the next soname
            }
        }
        return null;
    }

    private final MemorySegment ctx = Arena.ofAuto().allocate(CTX_BYTES, 16);

    private NativeSha256() {
        super("SHA-256");
        engineReset();
    }

    /** A fresh native SHA-256, or empty when libcrypto is not usable here. */
    static Optional<MessageDigest> create() {
        return INIT == null || UPDATE == null ? Optional.empty() : Optional.of(new NativeSha256());
    }

    @Override
    protected int engineGetDigestLength() {
        return LENGTH;
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        if (len == 0) {
            return;
        }
        call(UPDATE, MemorySegment.ofArray(input).asSlice(offset, len), len);
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = new byte[LENGTH];
        try {
            check((int) FINAL.invokeExact(MemorySegment.ofArray(out), ctx), "SHA256_Final");
        } catch (Throwable t) {
            throw rethrow(t);
        }
        engineReset();
        return out;
    }

    @Override
    protected void engineReset() {
        try {
            check((int) INIT.invokeExact(ctx), "SHA256_Init");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private void call(MethodHandle h, MemorySegment data, long len) {
        try {
            check((int) h.invokeExact(ctx, data, len), "SHA256_Update");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void check(int rc, String fn) {
        if (rc != 1) {
            throw new IllegalStateException("libcrypto " + fn + " returned " + rc);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
