package io.edgefusion.node.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thin client's wire format (native/CLIENT.md): the magic {@code EFC1}, then frames of a type byte, a
 * little-endian u32 payload length and the payload. The client sends HELLO (with its fds 0, 1, 2 attached),
 * then SIGNAL and WINCH frames; the node answers with one EXIT frame. Meanwhile the node may send SPAWN frames,
 * each answered by SPAWNED (the new child's pipes attached), and the client sends REAPED as those children end.
 */
final class ClientProtocol {
    static final byte[] MAGIC = "EFC1".getBytes(StandardCharsets.US_ASCII);
    static final int HELLO = 1;
    static final int SIGNAL = 2;
    static final int WINCH = 3;
    static final int SPAWNED = 4;
    static final int REAPED = 5;
    static final int EXIT = 0x81;
    static final int SPAWN = 0x82;
    /** HELLO carries the whole environment; Linux caps argv + env far below this. */
    static final int MAX_FRAME = 64 << 20;
    static final int HEADER = 5;
    /** The largest SPAWN payload the client takes (its MAX_FRAME). */
    static final int MAX_SPAWN = 1 << 20;

    // Signal numbers the client forwards: asm-generic, the same on x86-64 and aarch64.
    static final int SIGHUP = 1;
    static final int SIGINT = 2;
    static final int SIGTERM = 15;
    static final int SIGWINCH = 28;

    private ClientProtocol() {
    }

    /** HELLO's payload, decoded. */
    record Hello(List<String> args, String cwd, Map<String, String> env, boolean ttyIn, boolean ttyOut,
                 boolean ttyErr, WindowSize size) {
        boolean anyTty() {
            return ttyIn || ttyOut || ttyErr;
        }
    }

    static Hello hello(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        int ttys = b.get() & 0xff;
        WindowSize size = windowSize(b);
        int argc = count(b);
        List<String> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            args.add(string(b));
        }
        String cwd = string(b);
        int envc = count(b);
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < envc; i++) {
            String kv = string(b);
            int eq = kv.indexOf('=');
            // An entry without '=' cannot be read by getenv either; a repeated name keeps its first value, as getenv.
            if (eq > 0) {
                env.putIfAbsent(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("HELLO has " + b.remaining() + " bytes past its environment");
        }
        return new Hello(args, cwd, env, (ttys & 1) != 0, (ttys & 2) != 0, (ttys & 4) != 0, size);
    }

    static WindowSize windowSize(ByteBuffer b) {
        return new WindowSize(b.getShort() & 0xffff, b.getShort() & 0xffff, b.getShort() & 0xffff,
                b.getShort() & 0xffff);
    }

    static byte[] exitFrame(int code) {
        return ByteBuffer.allocate(HEADER + 4).order(ByteOrder.LITTLE_ENDIAN).put((byte) EXIT).putInt(4)
                .putInt(code).array();
    }

    /** SPAWN: the program's path, then argc and argv (argv[0] included), as the caller's bytes. */
    static byte[] spawnFrame(String path, List<String> argv) {
        List<byte[]> strings = new ArrayList<>(argv.size() + 1);
        strings.add(ClientStrings.encode(path));
        argv.forEach(a -> strings.add(ClientStrings.encode(a)));
        int len = 4;
        for (byte[] s : strings) {
            len = Math.addExact(len, 4 + s.length);
        }
        if (len > MAX_SPAWN) {
            throw new IllegalArgumentException("SPAWN of " + path + ": " + len + " bytes, more than the client takes ("
                    + MAX_SPAWN + ")");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER + len).order(ByteOrder.LITTLE_ENDIAN).put((byte) SPAWN).putInt(len);
        b.putInt(strings.getFirst().length).put(strings.getFirst()).putInt(argv.size());
        for (byte[] s : strings.subList(1, strings.size())) {
            b.putInt(s.length).put(s);
        }
        return b.array();
    }

    /** REAPED's raw wait status as {@link Process#waitFor} gives an exit: the code, or 128 + N after signal N. */
    static int exitCode(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    private static int count(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 4) {
            throw new IllegalArgumentException("HELLO: a count of " + Integer.toUnsignedString(n)
                    + " is more than its " + b.remaining() + " bytes hold");
        }
        return n;
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("HELLO: a string of " + Integer.toUnsignedString(n)
                    + " bytes with " + b.remaining() + " left");
        }
        byte[] s = new byte[n];
        b.get(s);
        return ClientStrings.decode(s);
    }
}
