package io.edgefusion.platform.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a JDK's {@code release} file says about it: the architecture it runs on ({@code OS_ARCH}) and its
 * version ({@code JAVA_VERSION}). Read as text, so a JDK for another architecture can be inspected here.
 */
public record JdkRelease(Path home, String arch, String javaVersion) {
    /** Reads {@code home/release}; refuses a directory without one or without OS_ARCH and JAVA_VERSION. */
    public static JdkRelease read(Path home, String what) {
        Path file = home.resolve("release");
        if (!Files.isRegularFile(file)) {
            throw new BuildRefused(what + " " + home + " has no release file: not a JDK home directory");
        }
        Map<String, String> keys = new HashMap<>();
        try {
            if (Files.size(file) > 1 << 20) {
                throw new BuildRefused(what + " " + file + " is over 1 MiB: not a JDK release file");
            }
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    String v = line.substring(eq + 1).strip();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    keys.put(line.substring(0, eq).strip(), v);
                }
            }
        } catch (IOException e) {
            throw new BuildRefused(what + " " + file + ": " + e.getMessage());
        }
        String arch = keys.get("OS_ARCH");
        String version = keys.get("JAVA_VERSION");
        if (arch == null || arch.isBlank() || version == null || version.isBlank()) {
            throw new BuildRefused(what + " " + file + " names no OS_ARCH or JAVA_VERSION: not a JDK release file");
        }
        return new JdkRelease(home, canonicalArch(arch), version);
    }

    /**
     * One spelling per architecture, the profile's ({@code x86_64}, {@code aarch64}, {@code armv7},
     * {@code riscv64}), for the JDK's {@code os.arch} and {@code OS_ARCH} spellings ({@code amd64}, {@code arm}).
     */
    public static String canonicalArch(String arch) {
        String a = arch.strip().toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "arm", "armv7", "armv7l", "armhf" -> "armv7";
            default -> a;
        };
    }

    /** Feature and interim release, {@code 25.0} of {@code 25.0.3}: what jlink requires to match its own. */
    public String featureInterim() {
        String[] p = javaVersion.split("[.+-]");
        return p[0] + "." + (p.length > 1 && p[1].matches("\\d+") ? p[1] : "0");
    }
}
