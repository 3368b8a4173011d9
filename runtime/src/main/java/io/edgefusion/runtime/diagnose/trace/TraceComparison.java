package io.edgefusion.runtime.diagnose.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where two traces of one command resolve the same path differently. Pure. Paths are compared per kind of call
 * ({@link Op}) as the process passed them; a path passed as {@code /proc/PID/root/X} is compared as {@code X}
 * (and reported when only one side used the prefix). Both found: another file when stat's device and inode differ,
 * or, without them, when the opened fd's path differs; a difference only in a {@code /proc/PID/root} prefix of
 * that path is reported as such. Paths strace cut short, and calls whose end was not seen, are not compared.
 */
public final class TraceComparison {
    private static final Pattern PROC_ROOT = Pattern.compile("^/proc/(?:\\d+|self|thread-self)/root(/.*)?$");

    /**
     * @param differences  the paths both sides looked up, with different results
     * @param onlyInside   paths only the inside looked up (another program, another search order)
     * @param onlyOutside  paths only the outside looked up
     * @param same         how many paths both looked up with the same result
     * @param unverified   of those, how many were found on both sides with the same fd path but without a stat
     *                     on one side to compare device and inode: the same name, maybe not the same file
     */
    public record Report(List<PathDifference> differences, List<PathOutcome> onlyInside,
                         List<PathOutcome> onlyOutside, int same, int unverified) {
    }

    private record Key(Op op, String path) {
    }

    private record Seen(PathOutcome outcome, boolean prefixed) {
    }

    private TraceComparison() {
    }

    public static Report compare(List<TraceEvent> inside, List<TraceEvent> outside) {
        Map<Key, Seen> in = summarize(inside);
        Map<Key, Seen> out = summarize(outside);
        List<PathDifference> diffs = new ArrayList<>();
        List<PathOutcome> onlyIn = new ArrayList<>();
        int same = 0;
        int unverified = 0;
        for (Map.Entry<Key, Seen> e : in.entrySet()) {
            Seen o = out.get(e.getKey());
            if (o == null) {
                onlyIn.add(e.getValue().outcome());
                continue;
            }
            DifferenceKind k = kind(e.getValue(), o);
            if (k == null) {
                same++;
                if (e.getValue().outcome().result() instanceof CallResult.Found fa
                        && o.outcome().result() instanceof CallResult.Found fb && (fa.id() == null || fb.id() == null)
                        && e.getKey().op() != Op.CONNECT) {
                    unverified++;
                }
            } else {
                diffs.add(new PathDifference(e.getKey().op(), e.getKey().path(), k, e.getValue().outcome(),
                        o.outcome()));
            }
        }
        List<PathOutcome> onlyOut = new ArrayList<>();
        out.forEach((k, v) -> {
            if (!in.containsKey(k)) {
                onlyOut.add(v.outcome());
            }
        });
        return new Report(List.copyOf(diffs), List.copyOf(onlyIn), List.copyOf(onlyOut), same, unverified);
    }

    private static Map<Key, Seen> summarize(List<TraceEvent> events) {
        Map<Key, List<TraceEvent>> byKey = new LinkedHashMap<>();
        Map<Key, Boolean> prefixed = new LinkedHashMap<>();
        for (TraceEvent e : events) {
            if (e.truncated() || e.result() instanceof CallResult.Unknown) {
                continue;
            }
            String path = e.path();
            boolean pre = false;
            Matcher m = PROC_ROOT.matcher(path);
            if (e.op() != Op.CONNECT && m.matches()) {
                path = m.group(1) == null ? "/" : m.group(1);
                pre = true;
            }
            Key k = new Key(e.op(), path);
            byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
            prefixed.merge(k, pre, Boolean::logicalOr);
        }
        Map<Key, Seen> out = new LinkedHashMap<>();
        byKey.forEach((k, list) -> {
            TraceEvent decisive = list.stream().filter(e -> e.result() instanceof CallResult.Found).findFirst()
                    .orElse(list.getFirst());
            out.put(k, new Seen(new PathOutcome(k.op(), k.path(), decisive.syscall(), decisive.result(), list.size()),
                    prefixed.get(k)));
        });
        return out;
    }

    /** The difference between the two sides' results, or null when they agree. */
    private static DifferenceKind kind(Seen inside, Seen outside) {
        CallResult a = inside.outcome().result();
        CallResult b = outside.outcome().result();
        return switch (a) {
            case CallResult.Found fa when b instanceof CallResult.Found fb -> {
                if (inside.prefixed() != outside.prefixed()) {
                    yield DifferenceKind.PROC_ROOT_PREFIX;
                }
                yield targets(fa, fb);
            }
            case CallResult.Found fa when b instanceof CallResult.Failed fb -> fb.missing()
                    ? DifferenceKind.MISSING_OUTSIDE
                    : fb.denied() ? DifferenceKind.DENIED_OUTSIDE : DifferenceKind.FAILED_OUTSIDE;
            case CallResult.Failed fa when b instanceof CallResult.Found -> fa.missing()
                    ? DifferenceKind.MISSING_INSIDE
                    : fa.denied() ? DifferenceKind.DENIED_INSIDE : DifferenceKind.FAILED_INSIDE;
            case CallResult.Failed fa when b instanceof CallResult.Failed fb -> {
                if (fa.errno().equals(fb.errno())) {
                    yield null;
                }
                yield fa.denied() && !fb.denied() ? DifferenceKind.DENIED_INSIDE
                        : fb.denied() && !fa.denied() ? DifferenceKind.DENIED_OUTSIDE : DifferenceKind.DIFFERENT_ERRORS;
            }
            default -> null;
        };
    }

    private static DifferenceKind targets(CallResult.Found a, CallResult.Found b) {
        if (a.id() != null && b.id() != null) {
            return a.id().equals(b.id()) ? null : DifferenceKind.DIFFERENT_TARGET;
        }
        if (a.resolved() == null || b.resolved() == null || a.resolved().equals(b.resolved())) {
            return null;
        }
        return Objects.equals(withoutProcRoot(a.resolved()), withoutProcRoot(b.resolved()))
                ? DifferenceKind.PROC_ROOT_PREFIX : DifferenceKind.DIFFERENT_TARGET;
    }

    static String withoutProcRoot(String path) {
        Matcher m = PROC_ROOT.matcher(path);
        return m.matches() ? (m.group(1) == null ? "/" : m.group(1)) : path;
    }
}
