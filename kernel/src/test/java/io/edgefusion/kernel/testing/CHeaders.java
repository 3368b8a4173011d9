package io.edgefusion.kernel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an architecture's C headers say a constant expression is, without running anything built for that
 * architecture: the expressions go into a static {@code long long} array, the architecture's gcc compiles it to
 * assembly ({@code -S}), and the values are read back from its {@code .quad}/{@code .xword} lines. This works for
 * macros, enum constants, {@code sizeof} and {@code offsetof} alike. A missing compiler is a failure, never a skip.
 */
public final class CHeaders {
    /** A gcc for one target, by its Debian triplet name (so the same test runs on an x86-64 or an arm64 host). */
    public enum Toolchain {
        X86_64("x86_64", "x86_64-linux-gnu-gcc", "gcc"),
        AARCH64("aarch64", "aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu");

        private final String arch;
        private final String gcc;
        private final String debianPackage;

        Toolchain(String arch, String gcc, String debianPackage) {
            this.arch = arch;
            this.gcc = gcc;
            this.debianPackage = debianPackage;
        }

        /** As {@code uname -m} (and {@code Arch.name()}) spell it. */
        public String arch() {
            return arch;
        }

        public String gcc() {
            return gcc;
        }

        public String debianPackage() {
            return debianPackage;
        }

        public static Toolchain forArch(String arch) {
            for (Toolchain t : values()) {
                if (t.arch.equals(arch)) {
                    return t;
                }
            }
            throw new AssertionError("no toolchain for architecture " + arch);
        }
    }

    private static final Pattern DATA = Pattern.compile("^\\s*\\.(?:quad|xword|8byte)\\s+(-?\\d+)\\s*$");
    private static final Pattern DEFINE = Pattern.compile("^#define (\\w+) (-?\\d+)$");

    private CHeaders() {
    }

    /**
     * The value of each C expression (map values) after including {@code headers}, by the map's keys. An
     * expression the headers cannot evaluate makes gcc fail, and with it the call (its message quotes gcc).
     */
    public static Map<String, Long> values(Toolchain tc, List<String> headers, Map<String, String> expressions) {
        StringBuilder c = new StringBuilder("#define _GNU_SOURCE\n#include <stddef.h>\n");
        for (String h : headers) {
            c.append("#include <").append(h).append(">\n");
        }
        List<String> labels = new ArrayList<>(expressions.keySet());
        c.append("const long long edgefusion_probe[] = {\n");
        for (String label : labels) {
            c.append("    (long long)(").append(expressions.get(label)).append("), /* ").append(label.replace("*/", ""))
                    .append(" */\n");
        }
        c.append("};\n");
        String asm = compile(tc, c.toString(), "-S");
        List<Long> nums = new ArrayList<>();
        boolean in = false;
        for (String line : asm.split("\n")) {
            if (line.startsWith("edgefusion_probe:")) {
                in = true;
                continue;
            }
            if (in) {
                Matcher m = DATA.matcher(line);
                if (!m.matches()) {
                    break;
                }
                nums.add(Long.parseLong(m.group(1)));
            }
        }
        if (nums.size() != labels.size()) {
            throw new AssertionError(tc.gcc() + " emitted " + nums.size() + " values for " + labels.size()
                    + " expressions:\n" + asm);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            out.put(labels.get(i), nums.get(i));
        }
        return out;
    }

    /** Every macro defined to a plain integer after including {@code headers} ({@code gcc -E -dM}). */
    public static Map<String, Long> integerMacros(Toolchain tc, List<String> headers) {
        StringBuilder c = new StringBuilder("#define _GNU_SOURCE\n");
        for (String h : headers) {
            c.append("#include <").append(h).append(">\n");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : compile(tc, c.toString(), "-E", "-dM").split("\n")) {
            Matcher m = DEFINE.matcher(line.strip());
            if (m.matches()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return out;
    }

    /** Runs the toolchain's gcc on {@code source} with {@code flags}, returning what it wrote to stdout. */
    private static String compile(Toolchain tc, String source, String... flags) {
        try {
            Path dir = Files.createTempDirectory("edgefusion-test-cheaders-");
            try {
                Path src = dir.resolve("probe.c");
                Files.writeString(src, source);
                List<String> cmd = new ArrayList<>(List.of(tc.gcc(), "-std=gnu11", "-O0", "-w"));
                cmd.addAll(List.of(flags));
                cmd.addAll(List.of("-o", "-", src.toString()));
                Process p;
                try {
                    p = new ProcessBuilder(cmd).redirectError(dir.resolve("err").toFile()).start();
                } catch (IOException e) {
                    throw new AssertionError(tc.gcc() + " is missing; it is what tells this test the " + tc.arch()
                            + " headers' values: apt-get install -y " + tc.debianPackage(), e);
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(tc.gcc() + " did not finish");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(tc.gcc() + " failed on\n" + source + "\n"
                            + Files.readString(dir.resolve("err")));
                }
                return out;
            } finally {
                try (var s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
