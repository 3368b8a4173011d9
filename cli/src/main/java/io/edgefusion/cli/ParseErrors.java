package io.edgefusion.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * picocli's parse errors in EdgeFusion's one-line style: the flag as the user wrote it and the reason, no
 * "Error:" prefix, no {@code =N} labels, no Java type names. Only a syntax error (an unknown option, a missing
 * argument) points at the command's help, on the same line.
 */
final class ParseErrors {
    private static final Set<Class<?>> WHOLE = Set.of(Long.class, long.class, Integer.class, int.class,
            Short.class, short.class, Byte.class, byte.class);
    private static final Set<Class<?>> REAL = Set.of(Double.class, double.class, Float.class, float.class);

    private ParseErrors() {
    }

    /** The line after "edgefusion: ". */
    static String oneLine(CommandLine.ParameterException ex) {
        String help = " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')";
        return switch (ex) {
            case CommandLine.MutuallyExclusiveArgsException m -> exclusive(m);
            case CommandLine.MissingParameterException m -> missing(m) + help;
            case CommandLine.UnmatchedArgumentException u -> flat(u.getMessage()) + help;
            default -> ex.getCause() instanceof CommandLine.TypeConversionException && ex.getArgSpec() != null
                    ? badValue(ex.getArgSpec(), ex.getValue()) : flat(ex.getMessage());
        };
    }

    /** "--cpus abc: not a number" instead of "Invalid value for option '--cpus': 'abc' is not a double". */
    private static String badValue(ArgSpec arg, String value) {
        Class<?> t = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
        String why = WHOLE.contains(t) ? "not a whole number" : REAL.contains(t) ? "not a number"
                : "not a valid " + label(arg);
        return name(arg) + " " + value + ": " + why;
    }

    private static String missing(CommandLine.MissingParameterException m) {
        List<String> out = new ArrayList<>();
        for (ArgSpec a : m.getMissing()) {
            out.add(a instanceof OptionSpec o && m.getMessage().startsWith("Missing required parameter for option")
                    ? o.longestName() + ": missing " + label(a)
                    : a instanceof OptionSpec o ? o.longestName() + " " + label(a) + " is required"
                    : label(a) + " is required");
        }
        return out.isEmpty() ? flat(m.getMessage()) : String.join("; ", out);
    }

    /** "--cpu-shares and --cpu-weight are mutually exclusive": the options of the group the user mixed. */
    private static String exclusive(CommandLine.MutuallyExclusiveArgsException m) {
        String msg = m.getMessage();
        for (ArgGroupSpec g : m.getCommandLine().getCommandSpec().argGroups()) {
            if (!g.exclusive()) {
                continue;
            }
            List<String> named = g.options().stream().map(OptionSpec::longestName)
                    .filter(n -> msg.contains(n + "=") || msg.contains(n + " ") || msg.contains(n + ","))
                    .toList();
            if (named.size() >= 2) {
                return String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.getLast()
                        + " are mutually exclusive";
            }
        }
        return flat(msg.replaceFirst("^Error: ", ""));
    }

    private static String name(ArgSpec a) {
        return a instanceof OptionSpec o ? o.longestName() : label(a);
    }

    private static String label(ArgSpec a) {
        String l = a.paramLabel();
        if (a instanceof PositionalParamSpec || !l.startsWith("<")) {
            return l.replace("'", "");
        }
        return l.substring(1, l.length() - 1).toUpperCase(java.util.Locale.ROOT);
    }

    private static String flat(String s) {
        return s == null ? "invalid arguments" : s.replace('\n', ' ').strip();
    }
}
