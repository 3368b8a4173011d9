package io.edgefusion.kernel.bpf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.edgefusion.kernel.bpf.BpfAbi.*;

/**
 * Compiles an allow-list of (family, address or any, port) into a {@code BPF_PROG_TYPE_CGROUP_SOCK_ADDR} program for
 * {@code BPF_CGROUP_INET4_BIND} or {@code BPF_CGROUP_INET6_BIND}. The kernel runs it on every {@code bind(2)} of an
 * IPv4 or IPv6 socket made by a task of the cgroup, before the bind does anything, with r1 pointing at a
 * {@code struct bpf_sock_addr}; returning 0 makes the bind fail with EPERM, 1 lets it proceed.
 *
 * <pre>
 *   r6 = ctx; r2 = user_port (network order)
 *   port 0 (an ephemeral port: a client) → allow
 *   socket type not governed (e.g. UDP when only TCP is) → allow
 *   for each entry of this family: skip to the next unless port (and each address word) match; else allow
 *   count the refusal in the map: value[0] += 1 atomically; value[1] = protocol:16 family:8 type:8 port:16
 *   return 0
 * </pre>
 *
 * <p>IPv4 entries also match their IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}) in the IPv6 program: a v6 socket
 * bound to such an address serves IPv4. The counter map ({@link #COUNTER_VALUE_SIZE} bytes, one element) is shared
 * by both programs; {@link BindFilter} creates and reads it.
 */
public final class BindProgram {
    /** The counter map's one value: {@code u64 refusals; u64 last refusal}. */
    public static final int COUNTER_VALUE_SIZE = 16;
    private static final int ALLOW = -1;
    private static final int DENY = -2;

    public enum Family {
        INET4, INET6
    }

    /** Socket types the program governs; binds of the others pass untouched. */
    public enum Transport {
        TCP(SOCK_STREAM), UDP(SOCK_DGRAM);

        private final int sockType;

        Transport(int sockType) {
            this.sockType = sockType;
        }

        int sockType() {
            return sockType;
        }
    }

    /** One allowed bind: {@code address} empty means any address of {@code family}. */
    public record Entry(Family family, Optional<InetAddress> address, int port) {
        public Entry {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bind entry port " + port + ": must be 1..65535 (0 is always"
                        + " allowed)");
            }
            address.ifPresent(a -> {
                if ((a instanceof Inet4Address) != (family == Family.INET4)) {
                    throw new IllegalArgumentException("bind entry " + a.getHostAddress() + " is not " + family);
                }
            });
        }

        public static Entry any(Family family, int port) {
            return new Entry(family, Optional.empty(), port);
        }

        public static Entry of(InetAddress address, int port) {
            return new Entry(address instanceof Inet6Address ? Family.INET6 : Family.INET4, Optional.of(address), port);
        }
    }

    private BindProgram() {
    }

    /** The program for {@code point} (INET4_BIND or INET6_BIND), counting refusals in array map {@code mapFd}. */
    public static List<BpfInsn> compile(CgroupAttachPoint point, List<Entry> allowed, Set<Transport> governed,
                                        int mapFd) {
        if (point != CgroupAttachPoint.INET4_BIND && point != CgroupAttachPoint.INET6_BIND) {
            throw new IllegalArgumentException("a bind program attaches at INET4_BIND or INET6_BIND, not " + point);
        }
        if (governed.isEmpty()) {
            throw new IllegalArgumentException("a bind program governs at least one transport");
        }
        boolean v6 = point == CgroupAttachPoint.INET6_BIND;
        Asm p = new Asm();
        p.add(BpfInsn.movReg(6, 1));
        p.add(BpfInsn.ldxw(2, 6, SOCK_ADDR_USER_PORT));
        p.jump(BpfInsn.jeq(2, 0, 0), ALLOW);
        p.add(BpfInsn.ldxw(3, 6, SOCK_ADDR_TYPE));
        List<Transport> types = List.copyOf(new java.util.TreeSet<>(governed));
        int governedLabel = p.newLabel();
        for (int i = 0; i < types.size() - 1; i++) {
            p.jump(BpfInsn.jeq(3, types.get(i).sockType(), 0), governedLabel);
        }
        p.jump(BpfInsn.jne(3, types.getLast().sockType(), 0), ALLOW);
        p.bind(governedLabel);
        for (Entry e : allowed) {
            List<Integer> words;
            if (!v6 && e.family() == Family.INET4) {
                words = e.address().map(a -> List.of(word(a.getAddress(), 0))).orElse(List.of());
            } else if (v6 && e.family() == Family.INET6) {
                words = e.address().map(a -> words6(a.getAddress())).orElse(List.of());
            } else if (v6) {
                // ::ffff:a.b.c.d, or any address of that form when the entry has none.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                e.address().ifPresent(a -> System.arraycopy(a.getAddress(), 0, mapped, 12, 4));
                words = words6(mapped).subList(0, e.address().isPresent() ? 4 : 3);
            } else {
                continue; // an IPv6 entry has no say over IPv4 sockets
            }
            int next = p.newLabel();
            p.jump(BpfInsn.jne32(2, networkPort(e.port()), 0), next);
            for (int i = 0; i < words.size(); i++) {
                p.add(BpfInsn.ldxw(4, 6, (v6 ? SOCK_ADDR_USER_IP6 : SOCK_ADDR_USER_IP4) + 4 * i));
                p.jump(BpfInsn.jne32(4, words.get(i), 0), next);
            }
            p.jump(BpfInsn.ja(0), ALLOW);
            p.bind(next);
        }
        // Refused: count it, remember what it was, return 0.
        p.add(BpfInsn.stw(10, -4, 0));
        p.add(BpfInsn.movReg(2, 10));
        p.add(BpfInsn.add(2, -4));
        BpfInsn.loadMapFd(1, mapFd).forEach(p::add);
        p.add(BpfInsn.call(BPF_FUNC_MAP_LOOKUP_ELEM));
        p.jump(BpfInsn.jeq(0, 0, 0), DENY);
        p.add(BpfInsn.mov(1, 1));
        p.add(BpfInsn.atomicAdd(0, 0, 1));
        p.add(BpfInsn.ldxw(1, 6, SOCK_ADDR_USER_PORT));
        p.add(BpfInsn.ldxw(2, 6, SOCK_ADDR_TYPE));
        p.add(BpfInsn.lsh(2, 16));
        p.add(BpfInsn.orReg(1, 2));
        p.add(BpfInsn.ldxw(2, 6, SOCK_ADDR_FAMILY));
        p.add(BpfInsn.lsh(2, 24));
        p.add(BpfInsn.orReg(1, 2));
        p.add(BpfInsn.ldxw(2, 6, SOCK_ADDR_PROTOCOL));
        p.add(BpfInsn.lsh(2, 32));
        p.add(BpfInsn.orReg(1, 2));
        p.add(BpfInsn.stxdw(0, 8, 1));
        p.bind(DENY);
        p.add(BpfInsn.mov(0, 0));
        p.add(BpfInsn.exit());
        p.bind(ALLOW);
        p.add(BpfInsn.mov(0, 1));
        p.add(BpfInsn.exit());
        return p.finish();
    }

    /** The port as the program loads {@code user_port}: its two network-order bytes read as a native u16. */
    static int networkPort(int port) {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Short.reverseBytes((short) port) & 0xffff : port;
    }

    /** The inverse of {@link #networkPort}, for the port a refusal recorded. */
    static int hostPort(int raw) {
        return networkPort(raw & 0xffff);
    }

    /** Four network-order bytes of {@code b} from {@code at} as the program loads them: one native u32. */
    private static int word(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.nativeOrder()).getInt();
    }

    private static List<Integer> words6(byte[] b) {
        return List.of(word(b, 0), word(b, 4), word(b, 8), word(b, 12));
    }

    /** Forward jumps to labels, patched once a label is bound; labels are never jumped to backwards. */
    private static final class Asm {
        private final List<BpfInsn> code = new ArrayList<>();
        private final List<int[]> fixups = new ArrayList<>(); // {instruction index, label}
        private final java.util.Map<Integer, Integer> bound = new java.util.HashMap<>();
        private int labels;

        void add(BpfInsn i) {
            code.add(i);
        }

        int newLabel() {
            return labels++;
        }

        void jump(BpfInsn i, int label) {
            fixups.add(new int[] {code.size(), label});
            code.add(i);
        }

        void bind(int label) {
            bound.put(label, code.size());
        }

        List<BpfInsn> finish() {
            for (int[] f : fixups) {
                Integer target = bound.get(f[1]);
                if (target == null || target <= f[0]) {
                    throw new IllegalStateException("label " + f[1] + " unbound or behind its jump");
                }
                code.set(f[0], code.get(f[0]).withOff(target - f[0] - 1));
            }
            return List.copyOf(code);
        }
    }
}
