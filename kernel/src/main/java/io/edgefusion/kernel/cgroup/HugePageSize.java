package io.edgefusion.kernel.cgroup;

import io.edgefusion.kernel.sys.UnsupportedHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A huge page size. The OCI runtime spec and the hugetlb cgroup files name it alike ({@code 64KB}, {@code 2MB},
 * {@code 1GB}: the largest binary unit that divides it); sysfs names it in kB ({@code hugepages-2048kB}).
 */
public record HugePageSize(long bytes) implements Comparable<HugePageSize> {
    /** Where the kernel lists the sizes it supports, one directory each. */
    public static final Path SYSFS = Path.of("/sys/kernel/mm/hugepages");
    private static final Pattern NAME = Pattern.compile("([1-9][0-9]*)(KB|MB|GB)");
    private static final Pattern KERNEL_DIR = Pattern.compile("hugepages-([1-9][0-9]*)kB");

    public HugePageSize {
        if (bytes < 1024 || Long.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("huge page size " + bytes
                    + " bytes: not a power of two of at least 1KB");
        }
    }

    /** {@code "2MB"} → 2 MiB; anything else is refused naming the text. */
    public static HugePageSize parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("huge page size \"" + name + "\": expected <n>KB, <n>MB or <n>GB");
        }
        int shift = switch (m.group(2)) {
            case "KB" -> 10;
            case "MB" -> 20;
            default -> 30;
        };
        return new HugePageSize(Long.parseLong(m.group(1)) << shift);
    }

    /** {@code hugepages-2048kB} → 2 MiB. */
    public static HugePageSize ofKernelDir(String dirName) {
        Matcher m = KERNEL_DIR.matcher(dirName);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + dirName + "\" is not a hugepages-<n>kB directory");
        }
        return new HugePageSize(Long.parseLong(m.group(1)) << 10);
    }

    /** The sizes this kernel supports, smallest first ({@code /sys/kernel/mm/hugepages/hugepages-*kB}). */
    public static List<HugePageSize> onHost() {
        return under(SYSFS);
    }

    static List<HugePageSize> under(Path sysfsDir) {
        try (Stream<Path> s = Files.list(sysfsDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> KERNEL_DIR.matcher(n).matches())
                    .map(HugePageSize::ofKernelDir).sorted().toList();
        } catch (NoSuchFileException e) {
            throw new UnsupportedHost(sysfsDir + " is missing: the kernel has no huge page support");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 2MB}: the spelling of the spec and of the cgroup files. */
    public String name() {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        return (bytes >> 10) + "KB";
    }

    /** {@code hugepages-2048kB}. */
    public String kernelDir() {
        return "hugepages-" + (bytes >> 10) + "kB";
    }

    @Override
    public int compareTo(HugePageSize o) {
        return Long.compare(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return name();
    }
}
