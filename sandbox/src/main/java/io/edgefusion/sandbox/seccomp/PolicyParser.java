package io.edgefusion.sandbox.seccomp;

import io.edgefusion.sandbox.seccomp.LocatedJson.Arr;
import io.edgefusion.sandbox.seccomp.LocatedJson.Num;
import io.edgefusion.sandbox.seccomp.LocatedJson.Obj;
import io.edgefusion.sandbox.seccomp.LocatedJson.Str;
import io.edgefusion.sandbox.seccomp.SeccompPolicy.Arg;
import io.edgefusion.sandbox.seccomp.SeccompPolicy.Condition;
import io.edgefusion.sandbox.seccomp.SeccompPolicy.Rule;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy in docker's / the OCI runtime spec's seccomp JSON. Unknown fields and values are refused with one
 * line naming the file, line:column and field ({@code seccomp.json:7:5: syscalls[0].action: unknown action
 * "SCMP_ACT_NOPE"}); unknown syscall names are not an error here (the compiler skips them per architecture).
 */
public final class PolicyParser {
    /** A policy file larger than this is refused before it is parsed. */
    public static final int MAX_BYTES = 1 << 20;

    private static final Set<String> TOP = Set.of("defaultAction", "defaultErrnoRet", "architectures", "archMap",
            "syscalls", "flags");
    private static final Set<String> RULE = Set.of("names", "name", "action", "errnoRet", "args", "comment",
            "includes", "excludes");
    private static final Set<String> ARG = Set.of("index", "value", "valueTwo", "op");
    private static final Set<String> COND = Set.of("caps", "arches", "minKernel");
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String source;

    private PolicyParser(String source) {
        this.source = source;
    }

    /** Parses {@code json}; {@code source} names it in messages (a file path). */
    public static SeccompPolicy parse(String json, String source) {
        if (json.length() > MAX_BYTES) {
            throw new SeccompPolicyException(source + ": " + json.length() + " bytes, more than a seccomp policy's"
                    + " limit of " + MAX_BYTES);
        }
        return new PolicyParser(source).policy(LocatedJson.parse(json, source));
    }

    private SeccompPolicy policy(LocatedJson root) {
        Obj o = obj(root, "(top level)");
        known(o, TOP, "");
        Integer defaultErrno = o.fields().containsKey("defaultErrnoRet")
                ? (int) integer(o.fields().get("defaultErrnoRet"), "defaultErrnoRet", 0, 0xffff) : null;
        LocatedJson da = o.fields().get("defaultAction");
        if (da == null) {
            throw error(o.where(), "defaultAction", "missing (e.g. \"SCMP_ACT_ERRNO\")");
        }
        SeccompAction defaultAction = action(da, defaultErrno, "defaultAction");
        if (o.fields().containsKey("architectures")) {
            for (LocatedJson a : arr(o.fields().get("architectures"), "architectures").items()) {
                str(a, "architectures[]"); // the filter is always built for the host's own architecture
            }
        }
        if (o.fields().containsKey("flags")) {
            Arr flags = arr(o.fields().get("flags"), "flags");
            if (!flags.items().isEmpty()) {
                throw error(flags.where(), "flags", "seccomp filter flags are not supported here");
            }
        }
        if (o.fields().containsKey("archMap")) {
            arr(o.fields().get("archMap"), "archMap"); // docker's sub-architectures: calls from them are killed
        }
        List<Rule> rules = new ArrayList<>();
        if (o.fields().containsKey("syscalls")) {
            List<LocatedJson> items = arr(o.fields().get("syscalls"), "syscalls").items();
            for (int i = 0; i < items.size(); i++) {
                rules.addAll(rule(items.get(i), "syscalls[" + i + "]"));
            }
        }
        return new SeccompPolicy(defaultAction, rules, source);
    }

    /** One entry; conditions on the same argument index are ORed, as runc does, by splitting the entry. */
    private List<Rule> rule(LocatedJson node, String field) {
        Obj o = obj(node, field);
        known(o, RULE, field + ".");
        List<String> names = new ArrayList<>();
        if (o.fields().containsKey("names")) {
            for (LocatedJson n : arr(o.fields().get("names"), field + ".names").items()) {
                names.add(str(n, field + ".names[]"));
            }
        }
        if (o.fields().containsKey("name")) {
            names.add(str(o.fields().get("name"), field + ".name"));
        }
        if (names.isEmpty()) {
            throw error(o.where(), field + ".names", "missing or empty");
        }
        LocatedJson a = o.fields().get("action");
        if (a == null) {
            throw error(o.where(), field + ".action", "missing");
        }
        Integer errno = o.fields().containsKey("errnoRet")
                ? (int) integer(o.fields().get("errnoRet"), field + ".errnoRet", 0, 0xffff) : null;
        SeccompAction action = action(a, errno, field + ".action");
        if (o.fields().containsKey("comment")) {
            str(o.fields().get("comment"), field + ".comment");
        }
        List<Arg> args = new ArrayList<>();
        if (o.fields().containsKey("args") && !(o.fields().get("args") instanceof LocatedJson.Null)) {
            List<LocatedJson> items = arr(o.fields().get("args"), field + ".args").items();
            for (int i = 0; i < items.size(); i++) {
                args.add(arg(items.get(i), field + ".args[" + i + "]"));
            }
        }
        Condition inc = condition(o.fields().get("includes"), field + ".includes");
        Condition exc = condition(o.fields().get("excludes"), field + ".excludes");
        long distinct = args.stream().mapToInt(Arg::index).distinct().count();
        if (distinct == args.size()) {
            return List.of(new Rule(names, action, args, inc, exc));
        }
        return args.stream().map(x -> new Rule(names, action, List.of(x), inc, exc)).toList();
    }

    private Arg arg(LocatedJson node, String field) {
        Obj o = obj(node, field);
        known(o, ARG, field + ".");
        Map<String, LocatedJson> f = o.fields();
        for (String required : List.of("index", "value", "op")) {
            if (!f.containsKey(required)) {
                throw error(o.where(), field + "." + required, "missing");
            }
        }
        int index = (int) integer(f.get("index"), field + ".index", 0, 5);
        long value = u64(f.get("value"), field + ".value");
        long valueTwo = f.containsKey("valueTwo") ? u64(f.get("valueTwo"), field + ".valueTwo") : 0;
        String op = str(f.get("op"), field + ".op");
        for (CompareOp c : CompareOp.values()) {
            if (c.policyName().equals(op)) {
                return new Arg(index, value, valueTwo, c);
            }
        }
        throw error(f.get("op").where(), field + ".op", "unknown comparison \"" + op + "\" (one of "
                + String.join(", ", java.util.Arrays.stream(CompareOp.values()).map(CompareOp::policyName).toList())
                + ")");
    }

    private Condition condition(LocatedJson node, String field) {
        if (node == null || node instanceof LocatedJson.Null) {
            return Condition.NONE;
        }
        Obj o = obj(node, field);
        known(o, COND, field + ".");
        Set<String> caps = new LinkedHashSet<>();
        if (o.fields().containsKey("caps")) {
            for (LocatedJson c : arr(o.fields().get("caps"), field + ".caps").items()) {
                String name = str(c, field + ".caps[]").toUpperCase(Locale.ROOT);
                caps.add(name.startsWith("CAP_") ? name.substring(4) : name);
            }
        }
        Set<String> arches = new LinkedHashSet<>();
        if (o.fields().containsKey("arches")) {
            for (LocatedJson c : arr(o.fields().get("arches"), field + ".arches").items()) {
                arches.add(str(c, field + ".arches[]"));
            }
        }
        String minKernel = null;
        if (o.fields().containsKey("minKernel")) {
            minKernel = str(o.fields().get("minKernel"), field + ".minKernel");
            if (!minKernel.matches("\\d+\\.\\d+(\\.\\d+)?")) {
                throw error(o.fields().get("minKernel").where(), field + ".minKernel", "\"" + minKernel
                        + "\" is not a kernel version like \"4.8\"");
            }
        }
        return new Condition(caps, arches, minKernel);
    }

    private SeccompAction action(LocatedJson node, Integer errno, String field) {
        String name = str(node, field);
        return switch (name) {
            case "SCMP_ACT_ALLOW" -> new SeccompAction.Allow();
            case "SCMP_ACT_ERRNO" -> new SeccompAction.Errno(errno == null ? 1 : errno);
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> new SeccompAction.KillThread();
            case "SCMP_ACT_KILL_PROCESS" -> new SeccompAction.KillProcess();
            case "SCMP_ACT_TRAP" -> new SeccompAction.Trap();
            case "SCMP_ACT_TRACE" -> new SeccompAction.Trace(errno == null ? 0 : errno);
            case "SCMP_ACT_LOG" -> new SeccompAction.Log();
            case "SCMP_ACT_NOTIFY" -> throw error(node.where(), field, "SCMP_ACT_NOTIFY needs a seccomp agent,"
                    + " which EdgeFusion does not run");
            default -> throw error(node.where(), field, "unknown action \"" + name + "\" (one of SCMP_ACT_ALLOW,"
                    + " SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP,"
                    + " SCMP_ACT_TRACE, SCMP_ACT_LOG)");
        };
    }

    private void known(Obj o, Set<String> allowed, String prefix) {
        for (String k : o.fields().keySet()) {
            if (!allowed.contains(k)) {
                throw error(o.keyWhere().get(k), prefix + k, "unknown field (known: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private Obj obj(LocatedJson n, String field) {
        if (n instanceof Obj o) {
            return o;
        }
        throw error(n.where(), field, "expected an object");
    }

    private Arr arr(LocatedJson n, String field) {
        if (n instanceof Arr a) {
            return a;
        }
        throw error(n.where(), field, "expected an array");
    }

    private String str(LocatedJson n, String field) {
        if (n instanceof Str s) {
            return s.value();
        }
        throw error(n.where(), field, "expected a string");
    }

    private long integer(LocatedJson n, String field, long min, long max) {
        if (n instanceof Num num && num.integral()) {
            BigInteger v = new BigInteger(num.text());
            if (v.compareTo(BigInteger.valueOf(min)) >= 0 && v.compareTo(BigInteger.valueOf(max)) <= 0) {
                return v.longValue();
            }
        }
        throw error(n.where(), field, "expected an integer " + min + ".." + max);
    }

    /** 0..2^64-1 (as the bits of a long): docker writes 4294967295 and 18446744073709551615 alike. */
    private long u64(LocatedJson n, String field) {
        if (n instanceof Num num && num.integral()) {
            BigInteger v = new BigInteger(num.text());
            if (v.signum() >= 0 && v.compareTo(U64_MAX) <= 0) {
                return v.longValue();
            }
        }
        throw error(n.where(), field, "expected an integer 0..18446744073709551615");
    }

    private SeccompPolicyException error(String where, String field, String reason) {
        return new SeccompPolicyException(where + ": " + field + ": " + reason);
    }
}
