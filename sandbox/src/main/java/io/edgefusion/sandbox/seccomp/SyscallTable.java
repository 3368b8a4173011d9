package io.edgefusion.sandbox.seccomp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Syscall name to number for one architecture, from {@code ARCH.syscalls} beside this class: data generated from
 * the kernel's {@code <asm/unistd.h>} (SyscallTableHeadersTest re-derives it and fails on any difference).
 */
public final class SyscallTable {
    private static final Map<Arch, SyscallTable> LOADED = new EnumMap<>(Arch.class);

    private final Arch arch;
    private final Map<String, Integer> numbers;
    private final int max;

    private SyscallTable(Arch arch, Map<String, Integer> numbers) {
        this.arch = arch;
        this.numbers = Collections.unmodifiableMap(numbers);
        this.max = numbers.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public static synchronized SyscallTable of(Arch arch) {
        return LOADED.computeIfAbsent(arch, SyscallTable::load);
    }

    public Arch arch() {
        return arch;
    }

    public OptionalInt number(String name) {
        Integer n = numbers.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** Every name and number, sorted by name. */
    public Map<String, Integer> all() {
        return numbers;
    }

    /** The highest number the table knows: anything above is a syscall newer than these headers. */
    public int max() {
        return max;
    }

    /** Parses the {@code name number} lines of a table ({@code #} starts a comment). */
    public static Map<String, Integer> parse(String text) {
        Map<String, Integer> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length != 2) {
                throw new IllegalStateException("syscall table: bad line \"" + l + "\"");
            }
            out.put(f[0], Integer.parseInt(f[1]));
        }
        return out;
    }

    private static SyscallTable load(Arch arch) {
        String name = arch.tableName() + ".syscalls";
        try (InputStream in = SyscallTable.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("syscall table " + name + " missing from the class path");
            }
            return new SyscallTable(arch, parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
