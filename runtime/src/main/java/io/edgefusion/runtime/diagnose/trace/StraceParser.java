package io.edgefusion.runtime.diagnose.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code strace -f -y -v -s 4096 -e trace=… -o FILE} wrote (strace 6.1's format) into the path
 * resolutions it shows. Pure: lines in, events out.
 *
 * <p>With {@code -f} every line starts with the pid; a call another process interrupted is split into
 * {@code … <unfinished ...>} and {@code <... NAME resumed>…} lines, joined here per pid. Signal and exit lines
 * ({@code ---}, {@code +++}) and anything else that is not a traced call are skipped and counted. An fstat of an
 * fd (fstat, or newfstatat/statx with {@code ""} and {@code AT_EMPTY_PATH}) is no lookup: it gives the open call
 * that returned that fd its file identity.
 *
 * <p>The {@code -y} paths are strace's {@code readlink} of {@code /proc/PID/fd/N}, made in the tracer's mount
 * namespace: for a tracee under another root the kernel prints the path from that root when it cannot reach it
 * from the tracer's, or with the tracer's prefix when it can (a root bound from the host), which is why
 * {@link TraceComparison} compares identities and strips {@code /proc/PID/root} before it compares paths.
 */
public final class StraceParser {
    private static final Pattern PID = Pattern.compile("^(\\d+)\\s+(.*)$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. ([a-z_0-9]+) resumed>(.*)$");
    private static final String UNFINISHED = "<unfinished ...>";
    private static final Pattern ERRNO = Pattern.compile("^-1 ([A-Z][A-Z0-9]*)\\b.*");
    private static final Pattern FD = Pattern.compile("^(\\d+)(<.*>)?$");
    private static final Pattern ST_DEV = Pattern.compile("st_dev=makedev\\((0x[0-9a-f]+|\\d+), (0x[0-9a-f]+|\\d+)\\)");
    private static final Pattern ST_INO = Pattern.compile("\\bst_ino=(\\d+)");
    private static final Pattern STX_INO = Pattern.compile("\\bstx_ino=(\\d+)");
    private static final Pattern STX_MAJOR = Pattern.compile("\\bstx_dev_major=(\\d+)");
    private static final Pattern STX_MINOR = Pattern.compile("\\bstx_dev_minor=(\\d+)");
    private static final Pattern SUN_PATH = Pattern.compile("sun_path=(@?)(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern INET = Pattern.compile(
            "sa_family=(AF_INET6?),\\s*sin6?_port=htons\\((\\d+)\\).*?(?:inet_addr\\(\"([^\"]*)\"\\)|inet_pton\\(AF_INET6, \"([^\"]*)\")");

    /** The events, and how many lines were not calls (signals, exits, attach messages, lines cut short). */
    public record Parsed(List<TraceEvent> events, int skippedLines) {
    }

    private final List<TraceEvent> events = new ArrayList<>();
    private final Map<Long, String> pending = new HashMap<>();
    /** "pid:fd" to the index of the open call that returned that fd. */
    private final Map<String, Integer> openedFds = new HashMap<>();
    private int skipped;

    private StraceParser() {
    }

    public static Parsed parse(List<String> lines) {
        StraceParser p = new StraceParser();
        lines.forEach(p::line);
        return new Parsed(List.copyOf(p.events), p.skipped);
    }

    private void line(String raw) {
        String line = raw.strip();
        if (line.isEmpty()) {
            return;
        }
        Matcher pm = PID.matcher(line);
        long pid = 0;
        String body = line;
        if (pm.matches()) {
            pid = Long.parseLong(pm.group(1));
            body = pm.group(2);
        }
        if (body.endsWith(UNFINISHED)) {
            pending.put(pid, body.substring(0, body.length() - UNFINISHED.length()).stripTrailing());
            return;
        }
        Matcher rm = RESUMED.matcher(body);
        if (rm.matches()) {
            String head = pending.remove(pid);
            if (head == null) {
                skipped++; // attached in the middle of this call: its start was never printed
                return;
            }
            String tail = rm.group(2).strip();
            // strace cuts a call between arguments: "f(a, b <unfinished" + ") = 0", or "f(a, " + "out) = 0"
            body = head + (head.endsWith("(") || tail.startsWith(")") || tail.startsWith(",") ? ""
                    : head.endsWith(",") ? " " : ", ") + tail;
        }
        StraceSyntax.Call call = StraceSyntax.call(body);
        if (call == null || !accept(pid, call)) {
            skipped++;
        }
    }

    private boolean accept(long pid, StraceSyntax.Call c) {
        List<String> a = c.args();
        CallResult result = result(c.result());
        int fd = returnedFd(c.result());
        return switch (c.name()) {
            case "open", "creat" -> add(pid, c.name(), Op.OPEN, null, arg(a, 0), result, fd);
            case "openat", "openat2" -> add(pid, c.name(), Op.OPEN, arg(a, 0), arg(a, 1), result, fd);
            case "execve" -> add(pid, c.name(), Op.EXEC, null, arg(a, 0), result, -1);
            case "execveat" -> add(pid, c.name(), Op.EXEC, arg(a, 0), arg(a, 1), result, -1);
            case "stat", "lstat" -> add(pid, c.name(), Op.STAT, null, arg(a, 0), withId(result, statId(arg(a, 1))), -1);
            case "newfstatat", "fstatat64" -> emptyPath(arg(a, 1)) && arg(a, 3).contains("AT_EMPTY_PATH")
                    ? identify(pid, arg(a, 0), result, statId(arg(a, 2)))
                    : add(pid, c.name(), Op.STAT, arg(a, 0), arg(a, 1), withId(result, statId(arg(a, 2))), -1);
            case "statx" -> emptyPath(arg(a, 1)) && arg(a, 2).contains("AT_EMPTY_PATH")
                    ? identify(pid, arg(a, 0), result, statxId(arg(a, 4)))
                    : add(pid, c.name(), Op.STAT, arg(a, 0), arg(a, 1), withId(result, statxId(arg(a, 4))), -1);
            case "fstat" -> identify(pid, arg(a, 0), result, statId(arg(a, 1)));
            case "connect" -> connect(pid, c.name(), arg(a, 1), result);
            default -> false;
        };
    }

    private static String arg(List<String> a, int i) {
        return i < a.size() ? a.get(i) : "";
    }

    private static boolean emptyPath(String arg) {
        return arg.equals("\"\"");
    }

    private boolean add(long pid, String name, Op op, String dirArg, String pathArg, CallResult result, int fd) {
        StraceSyntax.Str s = StraceSyntax.string(pathArg);
        if (s == null) {
            return false; // a NULL or unreadable path
        }
        String path = s.text();
        String dir = dirArg == null || dirArg.startsWith("AT_FDCWD") ? null : StraceSyntax.annotation(dirArg);
        if (dir != null && !path.startsWith("/")) {
            path = (dir.endsWith("/") ? dir : dir + "/") + path;
        }
        if (op == Op.EXEC && result instanceof CallResult.Found f && f.resolved() == null) {
            result = new CallResult.Found(path, null);
        }
        events.add(new TraceEvent(pid, name, op, path, s.truncated(), result));
        if (op == Op.OPEN && fd >= 0) {
            openedFds.put(pid + ":" + fd, events.size() - 1);
        }
        return true;
    }

    /** An fstat of {@code fdArg}: the open call that returned that fd gets the identity. */
    private boolean identify(long pid, String fdArg, CallResult result, FileId id) {
        Matcher m = FD.matcher(fdArg);
        if (!m.matches() || id == null || !(result instanceof CallResult.Found)) {
            return false;
        }
        Integer at = openedFds.get(pid + ":" + m.group(1));
        if (at == null) {
            return false; // an fd this trace did not see opened (stdio, inherited)
        }
        TraceEvent e = events.get(at);
        if (e.result() instanceof CallResult.Found f && f.id() == null) {
            events.set(at, e.withResult(f.withId(id)));
        }
        return true;
    }

    private boolean connect(long pid, String name, String addr, CallResult result) {
        String target = address(addr);
        if (target == null) {
            return false;
        }
        events.add(new TraceEvent(pid, name, Op.CONNECT, target, false,
                result instanceof CallResult.Found ? new CallResult.Found(null, null) : result));
        return true;
    }

    /** A unix socket's path ({@code @name} when abstract), {@code AF_INET 1.2.3.4:80}, or null. */
    static String address(String sockaddr) {
        Matcher u = SUN_PATH.matcher(sockaddr);
        if (u.find()) {
            StraceSyntax.Str s = StraceSyntax.string(u.group(2));
            return s == null ? null : u.group(1) + s.text();
        }
        Matcher i = INET.matcher(sockaddr);
        if (i.find()) {
            String host = i.group(3) != null ? i.group(3) : "[" + i.group(4) + "]";
            return i.group(1) + " " + host + ":" + i.group(2);
        }
        return null;
    }

    /** {@code 3</etc/hostname>}, {@code 0}, {@code -1 ENOENT (…)}, {@code ?}. */
    static CallResult result(String r) {
        Matcher e = ERRNO.matcher(r);
        if (e.matches()) {
            return new CallResult.Failed(e.group(1));
        }
        if (r.isEmpty() || r.startsWith("?")) {
            return new CallResult.Unknown();
        }
        return new CallResult.Found(StraceSyntax.annotation(r), null);
    }

    private static int returnedFd(String r) {
        Matcher m = FD.matcher(r);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static CallResult withId(CallResult r, FileId id) {
        return r instanceof CallResult.Found f && id != null ? f.withId(id) : r;
    }

    /** {@code st_dev=makedev(0xfe, 0), st_ino=612} from a {@code -v} struct stat; null if absent. */
    static FileId statId(String struct) {
        Matcher d = ST_DEV.matcher(struct);
        Matcher i = ST_INO.matcher(struct);
        if (!d.find() || !i.find()) {
            return null;
        }
        return new FileId(number(d.group(1)), number(d.group(2)), Long.parseLong(i.group(1)));
    }

    /** {@code stx_ino=…, stx_dev_major=…, stx_dev_minor=…} from a {@code -v} struct statx; null if absent. */
    static FileId statxId(String struct) {
        Matcher i = STX_INO.matcher(struct);
        Matcher ma = STX_MAJOR.matcher(struct);
        Matcher mi = STX_MINOR.matcher(struct);
        if (!i.find() || !ma.find() || !mi.find()) {
            return null;
        }
        return new FileId(Long.parseLong(ma.group(1)), Long.parseLong(mi.group(1)), Long.parseLong(i.group(1)));
    }

    private static long number(String s) {
        return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
    }
}
