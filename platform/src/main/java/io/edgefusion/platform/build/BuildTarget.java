package io.edgefusion.platform.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JDK a trimmed runtime is linked from. By default the build's own JDK, which is only right when the profile's
 * {@code arch} is the JDK's: a runtime jlinked from an x86-64 JDK does not start on an aarch64 board. For
 * another architecture, {@code --target-jdk DIR} names a JDK of that architecture; the build's jlink links from
 * its {@code jmods}. A cross build runs nothing of the target: no CDS archive, no AOT training, no timed starts.
 */
public record BuildTarget(String arch, String buildArch, Path jlink, Optional<Path> modulePath) {
    /** Cross: the runtime is for another architecture than this machine's JDK, so it cannot be run here. */
    public boolean cross() {
        return !arch.equals(buildArch);
    }

    /**
     * Checks {@code profileArch} against the build JDK ({@code buildJdk}) and {@code targetJdk}; throws a one-line
     * {@link BuildRefused} naming the profile's architecture, the JDK's and the fix when they do not fit.
     */
    public static BuildTarget resolve(String profileFile, String profileArch, Path buildJdk, Optional<Path> targetJdk) {
        String want = JdkRelease.canonicalArch(profileArch);
        JdkRelease build = buildRelease(buildJdk);
        Path buildJlink = buildJdk.resolve("bin/jlink");
        if (targetJdk.isEmpty()) {
            if (!want.equals(build.arch())) {
                throw new BuildRefused(profileFile + " is for arch " + want + " but this JDK (" + buildJdk + ") is "
                        + build.arch() + ", and a runtime linked from it would not start on the board: give"
                        + " --target-jdk DIR, a JDK " + build.featureInterim() + " for " + want + " with its jmods");
            }
            return new BuildTarget(want, build.arch(), buildJlink, Optional.empty());
        }
        Path dir = targetJdk.get().toAbsolutePath().normalize();
        JdkRelease target = JdkRelease.read(dir, "--target-jdk");
        if (!target.arch().equals(want)) {
            throw new BuildRefused("--target-jdk " + dir + " is a JDK for " + target.arch() + " (its release file's"
                    + " OS_ARCH) but " + profileFile + " is for arch " + want + ": give a JDK for " + want);
        }
        if (!target.featureInterim().equals(build.featureInterim())) {
            throw new BuildRefused("--target-jdk " + dir + " is JDK " + target.javaVersion() + " but this build's"
                    + " jlink is " + build.javaVersion() + " and links only its own release: give a JDK "
                    + build.featureInterim() + " for " + want);
        }
        Path jmods = dir.resolve("jmods");
        if (Files.isRegularFile(jmods.resolve("java.base.jmod"))) {
            return new BuildTarget(want, build.arch(), buildJlink, Optional.of(jmods));
        }
        if (want.equals(build.arch()) && Files.isExecutable(dir.resolve("bin/jlink"))) {
            // Same architecture, no jmods (JEP 493 images): that JDK's own jlink links from its run-time image.
            return new BuildTarget(want, build.arch(), dir.resolve("bin/jlink"), Optional.empty());
        }
        throw new BuildRefused("--target-jdk " + dir + " has no jmods/java.base.jmod, which jlink needs to link a"
                + " runtime for another architecture (" + want + "): give a JDK " + build.featureInterim()
                + " for " + want + " that ships its jmods");
    }

    /** The build JDK's release file; a JDK without one is taken as this JVM's own architecture and version. */
    private static JdkRelease buildRelease(Path buildJdk) {
        if (Files.isRegularFile(buildJdk.resolve("release"))) {
            return JdkRelease.read(buildJdk, "the build JDK");
        }
        return new JdkRelease(buildJdk, JdkRelease.canonicalArch(System.getProperty("os.arch")),
                Runtime.version().toString());
    }

    /** The jlink command line up to the caller's arguments. */
    List<String> jlinkCommand() {
        List<String> cmd = new ArrayList<>(List.of(jlink.toString()));
        modulePath.ifPresent(p -> cmd.addAll(List.of("--module-path", p.toString())));
        return cmd;
    }
}
