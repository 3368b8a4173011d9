package io.edgefusion.runtime.diagnose.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lexical side of one strace call line, {@code name(arg, arg, …) = result}: splitting the arguments at the top
 * level (quoted strings with C escapes, nested {@code [] {} ()}, {@code -y}'s {@code <path>} annotations and
 * {@code /* … *\/} comments may all hold commas) and unescaping strace's C strings.
 */
final class StraceSyntax {
    /** A call as printed: its name, its arguments as raw text, and the text after {@code " = "}. */
    record Call(String name, List<String> args, String result) {
    }

    private StraceSyntax() {
    }

    /** The call in {@code body}, or null when it is not one (a signal, an exit, a line cut short). */
    static Call call(String body) {
        int open = body.indexOf('(');
        if (open <= 0 || !body.substring(0, open).matches("[a-z_0-9]+")) {
            return null;
        }
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        int i = start;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (c == '"') {
                i = afterString(body, i);
                continue;
            }
            if (c == '<' && i > start && annotates(body.charAt(i - 1))) {
                int close = body.indexOf('>', i);
                if (close < 0) {
                    return null;
                }
                i = close + 1;
                continue;
            }
            if (c == '/' && i + 1 < n && body.charAt(i + 1) == '*') {
                int close = body.indexOf("*/", i + 2);
                if (close < 0) {
                    return null;
                }
                i = close + 2;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (c == ')') {
                if (depth == 0) {
                    String last = body.substring(start, i).strip();
                    if (!last.isEmpty() || !args.isEmpty()) {
                        args.add(last);
                    }
                    String rest = body.substring(i + 1).strip();
                    if (!rest.startsWith("=")) {
                        return null;
                    }
                    return new Call(body.substring(0, open), List.copyOf(args), rest.substring(1).strip());
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(body.substring(start, i).strip());
                start = i + 1;
            }
            i++;
        }
        return null;
    }

    /** A {@code <…>} right after an fd number or {@code AT_FDCWD} is {@code -y}'s path of that fd. */
    private static boolean annotates(char before) {
        return Character.isDigit(before) || before == 'D';
    }

    private static int afterString(String s, int quote) {
        int i = quote + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }

    /** A quoted C string argument: its text unescaped, and whether strace cut it ({@code "…"...}); null if none. */
    record Str(String text, boolean truncated) {
    }

    static Str string(String arg) {
        if (!arg.startsWith("\"")) {
            return null;
        }
        int end = afterString(arg, 0);
        String inner = arg.substring(1, Math.max(1, end - 1));
        return new Str(unescape(inner), arg.substring(end).startsWith("..."));
    }

    /** The {@code -y} path annotation of an fd value ({@code 3</etc/hostname>}, {@code AT_FDCWD</>}); null if none. */
    static String annotation(String value) {
        int lt = value.indexOf('<');
        int gt = value.lastIndexOf('>');
        if (lt <= 0 || gt < lt || !annotates(value.charAt(lt - 1))) {
            return null;
        }
        return unescape(value.substring(lt + 1, gt));
    }

    /** strace's C escapes ({@code \n \t \" \\ \NNN \xHH}) back to the bytes they stand for, read as UTF-8. */
    static String unescape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                b.write(raw, 0, raw.length);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> b.write('\n');
                case 't' -> b.write('\t');
                case 'r' -> b.write('\r');
                case 'v' -> b.write(0x0b);
                case 'f' -> b.write('\f');
                case 'x' -> {
                    int end = Math.min(s.length(), i + 2);
                    int j = i;
                    while (j < end && Character.digit(s.charAt(j), 16) >= 0) {
                        j++;
                    }
                    b.write(j > i ? Integer.parseInt(s.substring(i, j), 16) : 'x');
                    i = j;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int j = i - 1;
                        int end = Math.min(s.length(), j + 3);
                        int k = j;
                        while (k < end && s.charAt(k) >= '0' && s.charAt(k) <= '7') {
                            k++;
                        }
                        b.write(Integer.parseInt(s.substring(j, k), 8));
                        i = k;
                    } else {
                        byte[] raw = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
                        b.write(raw, 0, raw.length);
                    }
                }
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
