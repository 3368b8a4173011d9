package io.edgefusion.platform.build;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code profile build} made and measured. "Before" is the untrimmed node: the full JDK, every module jar,
 * every module enabled. "After" is the trimmed distribution running the board's profile. {@code boardOnFullMillis}
 * is the board's profile on the full distribution, which separates what the smaller runtime buys from what
 * disabling modules buys. {@code aotCacheBytes} is the AOT cache's share of {@code afterBytes} (0 without one).
 */
public record BuildReport(Path output, List<String> jdkModules, List<String> jars, long beforeBytes, long afterBytes,
                          long runtimeBytes, long aotCacheBytes, long beforeMillis, long afterMillis, long boardOnFullMillis, int runs) {
}
