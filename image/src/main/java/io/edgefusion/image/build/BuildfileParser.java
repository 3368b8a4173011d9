package io.edgefusion.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.OciJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a Buildfile: one instruction per line, {@code \} at the end of a line continues it, {@code #} starts a
 * comment line. Instructions: FROM, COPY, RUN, ENV, WORKDIR, USER, ENTRYPOINT, CMD, LABEL (Dockerfile syntax
 * for each; RUN/ENTRYPOINT/CMD take a JSON array or a shell string run by {@code /bin/sh -c}). Errors name the
 * file and line.
 */
public final class BuildfileParser {
    private BuildfileParser() {
    }

    public static List<Instruction> parse(String text, String file) {
        List<Instruction> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int start = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            while (line.endsWith("\\")) {
                sb.append(line, 0, line.length() - 1).append(' ');
                if (++i >= lines.length) {
                    throw new ImageException(file + ":" + start + ": line continuation at end of file");
                }
                line = lines[i].strip();
                while (line.startsWith("#") && i + 1 < lines.length) {
                    line = lines[++i].strip();
                }
            }
            sb.append(line);
            out.add(instruction(sb.toString().strip(), start, file));
        }
        if (out.isEmpty() || !(out.getFirst() instanceof Instruction.From)) {
            throw new ImageException(file + ": the first instruction must be FROM (an image name or scratch)");
        }
        return out;
    }

    private static Instruction instruction(String text, int line, String file) {
        int sp = text.indexOf(' ');
        String op = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
        String rest = sp < 0 ? "" : text.substring(sp + 1).strip();
        String at = file + ":" + line + ": " + op;
        if (rest.isEmpty()) {
            throw new ImageException(at + " needs arguments");
        }
        return switch (op) {
            case "FROM" -> new Instruction.From(line, text, rest.split("\\s+")[0]);
            case "COPY" -> copy(line, text, rest, at);
            case "RUN" -> new Instruction.Run(line, text, argv(rest, at));
            case "ENV" -> new Instruction.Env(line, text, pairs(rest, at, true));
            case "LABEL" -> new Instruction.Label(line, text, pairs(rest, at, false));
            case "WORKDIR" -> new Instruction.Workdir(line, text, rest);
            case "USER" -> new Instruction.User(line, text, rest);
            case "ENTRYPOINT" -> new Instruction.Entrypoint(line, text, argv(rest, at));
            case "CMD" -> new Instruction.Cmd(line, text, argv(rest, at));
            default -> throw new ImageException(file + ":" + line + ": unknown instruction " + op
                    + " (FROM, COPY, RUN, ENV, WORKDIR, USER, ENTRYPOINT, CMD, LABEL)");
        };
    }

    private static Instruction.Copy copy(int line, String text, String rest, String at) {
        List<String> words = new ArrayList<>(List.of(rest.split("\\s+")));
        Integer chmod = null;
        Integer uid = null;
        Integer gid = null;
        while (!words.isEmpty() && words.getFirst().startsWith("--")) {
            String flag = words.removeFirst();
            try {
                if (flag.startsWith("--chmod=")) {
                    chmod = Integer.parseInt(flag.substring(8), 8);
                    if (chmod < 0 || chmod > 07777) {
                        throw new NumberFormatException();
                    }
                } else if (flag.startsWith("--chown=")) {
                    String[] ug = flag.substring(8).split(":", 2);
                    uid = Integer.parseInt(ug[0]);
                    gid = ug.length > 1 ? Integer.parseInt(ug[1]) : uid;
                } else {
                    throw new ImageException(at + ": unknown flag " + flag + " (--chmod=OCTAL, --chown=UID[:GID])");
                }
            } catch (NumberFormatException e) {
                throw new ImageException(at + ": bad " + flag + " (--chmod takes octal like 0755, --chown numeric ids)");
            }
        }
        if (words.size() < 2) {
            throw new ImageException(at + " needs at least one source and a destination");
        }
        String dest = words.removeLast();
        return new Instruction.Copy(line, text, List.copyOf(words), dest, chmod, uid, gid);
    }

    private static List<String> argv(String rest, String at) {
        if (rest.startsWith("[")) {
            try {
                JsonNode n = OciJson.MAPPER.readTree(rest);
                List<String> out = new ArrayList<>();
                for (JsonNode x : n) {
                    if (!x.isTextual()) {
                        throw new ImageException(at + ": JSON form must be an array of strings");
                    }
                    out.add(x.asText());
                }
                if (out.isEmpty()) {
                    throw new ImageException(at + ": empty command");
                }
                return out;
            } catch (java.io.IOException e) {
                throw new ImageException(at + ": invalid JSON array (" + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        return List.of("/bin/sh", "-c", rest);
    }

    /** {@code K=V K2="v 2"}, or the legacy {@code K value with spaces} (ENV only). */
    private static Map<String, String> pairs(String rest, String at, boolean legacy) {
        Map<String, String> out = new LinkedHashMap<>();
        if (legacy && !rest.split("\\s+")[0].contains("=")) {
            String[] kv = rest.split("\\s+", 2);
            out.put(kv[0], kv.length > 1 ? kv[1] : "");
            return out;
        }
        int i = 0;
        while (i < rest.length()) {
            while (i < rest.length() && Character.isWhitespace(rest.charAt(i))) {
                i++;
            }
            int eq = rest.indexOf('=', i);
            if (eq < 0) {
                if (i < rest.length()) {
                    throw new ImageException(at + ": expected KEY=VALUE at '" + rest.substring(i) + "'");
                }
                break;
            }
            String key = rest.substring(i, eq);
            StringBuilder v = new StringBuilder();
            int j = eq + 1;
            if (j < rest.length() && rest.charAt(j) == '"') {
                j++;
                while (j < rest.length() && rest.charAt(j) != '"') {
                    if (rest.charAt(j) == '\\' && j + 1 < rest.length()) {
                        j++;
                    }
                    v.append(rest.charAt(j++));
                }
                if (j >= rest.length()) {
                    throw new ImageException(at + ": unterminated quote in " + key);
                }
                j++;
            } else {
                while (j < rest.length() && !Character.isWhitespace(rest.charAt(j))) {
                    v.append(rest.charAt(j++));
                }
            }
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new ImageException(at + ": invalid key '" + key + "'");
            }
            out.put(key, v.toString());
            i = j;
        }
        return out;
    }
}
