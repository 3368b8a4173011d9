package io.edgefusion.kernel.resources.jdk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code java -XshowSettings:system} printed: the JDK's own view of its container limits, key by key
 * ({@code Provider}, {@code Effective CPU Count}, {@code CPU Quota}, {@code Memory Limit}, …), values kept as the
 * JDK wrote them so a comparison can quote them exactly.
 *
 * @param containerized false when the JDK printed "System not containerized" (then it prints no limits)
 * @param values        key → value text; list keys ({@code List of Effective Processors}) hold the CPU numbers
 */
public record JdkSettings(boolean containerized, Map<String, String> values, String output) {
    public static final String PROVIDER = "Provider";
    public static final String CPU_COUNT = "Effective CPU Count";
    public static final String CPU_PERIOD = "CPU Period";
    public static final String CPU_QUOTA = "CPU Quota";
    public static final String CPU_SHARES = "CPU Shares";
    public static final String EFFECTIVE_CPUS = "List of Effective Processors";
    public static final String MEMORY_LIMIT = "Memory Limit";
    public static final String MEMORY_SOFT_LIMIT = "Memory Soft Limit";
    public static final String MEMORY_SWAP_LIMIT = "Memory & Swap Limit";
    public static final String PIDS_LIMIT = "Maximum Processes Limit";
    public static final String UNLIMITED = "Unlimited";

    public JdkSettings {
        values = Map.copyOf(values);
    }

    /** Parses the "Operating System Metrics:" block; lines outside it are ignored. */
    public static JdkSettings parse(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean containerized = true;
        String[] lines = output.split("\n");
        boolean inBlock = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals("Operating System Metrics:")) {
                inBlock = true;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith("System not containerized")) {
                containerized = false;
                continue;
            }
            if (line.startsWith("List of ") && line.contains(" total:")) {
                // "List of Effective Processors, 2 total:" then the numbers on the next line.
                String key = line.substring(0, line.indexOf(','));
                String next = i + 1 < lines.length ? lines[i + 1].strip() : "";
                boolean empty = line.contains(", 0 total");
                values.put(key, empty ? "" : next);
                if (!empty) {
                    i++;
                }
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 2).strip());
            } else if (line.endsWith(":")) {
                values.put(line.substring(0, line.length() - 1), "");
            }
        }
        return new JdkSettings(containerized, values, output);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A number from a value such as {@code 100000us} or {@code 42}; empty for Unlimited, N/A or absent. */
    public OptionalLong number(String key) {
        String v = values.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        String digits = v.endsWith("us") ? v.substring(0, v.length() - 2) : v;
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Formats bytes as the JDK launcher does for limits: two decimals, half-even, in K below 1 MiB, M below
     * 1 GiB, G below 1 TiB, else T. Comparing formatted strings avoids guessing how much precision was lost.
     */
    public static String formatSize(long bytes) {
        long k = 1024;
        long[] sizes = {k, k * k, k * k * k, k * k * k * k};
        String[] units = {"K", "M", "G", "T"};
        int i = bytes < sizes[1] ? 0 : bytes < sizes[2] ? 1 : bytes < sizes[3] ? 2 : 3;
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(sizes[i]), 2, RoundingMode.HALF_EVEN)
                .toPlainString() + units[i];
    }

    /** Formats a limit (empty = unlimited) as the JDK prints it. */
    public static String formatLimit(OptionalLong bytes) {
        return bytes.isPresent() ? formatSize(bytes.getAsLong()) : UNLIMITED;
    }
}
