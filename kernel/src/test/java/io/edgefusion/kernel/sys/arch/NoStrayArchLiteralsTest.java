package io.edgefusion.kernel.sys.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Architecture-dependent numbers live only in per-architecture tables: a package named {@code arch} (this one,
 * or another module's, e.g. a seccomp syscall table). Everywhere else in every module's main sources — Java and
 * the helper's C — the known x86-64-only spellings and hand-written syscall numbers are refused.
 */
class NoStrayArchLiteralsTest {
    /** x86-64's O_DIRECTORY and O_NOFOLLOW in octal (what they are on aarch64: O_DIRECT and O_LARGEFILE). */
    private static final Pattern X86_OPEN_FLAGS = Pattern.compile("\\b0(?:200000|400000)\\b");
    /** A Java definition of an architecture-dependent name with a literal value. */
    private static final Pattern ARCH_DEFINITION = Pattern.compile(
            "\\b(?:O_DIRECTORY|O_NOFOLLOW|O_DIRECT|O_LARGEFILE|AUDIT_ARCH_\\w+|SYS_\\w+|__NR_\\w+|NR_\\w+)"
                    + "\\s*=\\s*[-(]?\\s*(?:0x)?\\d");
    /** A raw {@code syscall(2)} whose number is not a SYS_ macro of the target's headers. */
    private static final Pattern C_RAW_SYSCALL = Pattern.compile("\\bsyscall\\s*\\(\\s*(?!SYS_)");
    private static final Pattern C_OWN_NUMBER = Pattern.compile("#\\s*define\\s+(?:SYS_|__NR_)\\w+\\s+\\d");

    private static final Path REPO = locateRepo();

    @Test
    void javaMainSourcesOutsideArchTablesHoldNoArchitectureNumbers() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> s = Files.walk(REPO)) {
            s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> REPO.relativize(p).toString().matches("[^/]+/src/main/java/.*"))
                    .filter(p -> !p.getParent().getFileName().toString().equals("arch"))
                    .forEach(p -> {
                        scanned.add(p);
                        scan(p, found, X86_OPEN_FLAGS, ARCH_DEFINITION);
                    });
        }
        // It did look at the modules that call the kernel (so a moved repository cannot make it pass vacuously).
        assertThat(scanned).anyMatch(p -> p.endsWith("kernel/sys/Libc.java"))
                .anyMatch(p -> p.toString().contains("/image/src/main/"))
                .anyMatch(p -> p.toString().contains("/sandbox/src/main/"))
                .anyMatch(p -> p.toString().contains("/hal-serial/src/main/"));
        assertThat(found).as("per-architecture values belong in a package named arch").isEmpty();
    }

    @Test
    void theHelpersCTakesSyscallNumbersFromTheTargetsHeaders() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> s = Files.walk(REPO.resolve("native/src/main/c"))) {
            s.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).forEach(p -> {
                scanned.add(p);
                scan(p, found, C_RAW_SYSCALL, C_OWN_NUMBER, X86_OPEN_FLAGS);
            });
        }
        assertThat(scanned).anyMatch(p -> p.endsWith("setup.c"));
        assertThat(found).as("use SYS_* from <sys/syscall.h> and flags from the headers").isEmpty();
    }

    @Test
    void theLintCatchesWhatItLooksFor() {
        assertThat(X86_OPEN_FLAGS.matcher("int O_DIRECTORY = 0200000;").find()).isTrue();
        assertThat(X86_OPEN_FLAGS.matcher("mode & 0040000").find()).isFalse();
        assertThat(ARCH_DEFINITION.matcher("private static final long SYS_OPENAT2 = 437;").find()).isTrue();
        assertThat(ARCH_DEFINITION.matcher("long SYS_OPENAT2 = Arch.current().sysOpenat2();").find()).isFalse();
        assertThat(C_RAW_SYSCALL.matcher("syscall(155, \".\", \".\")").find()).isTrue();
        assertThat(C_RAW_SYSCALL.matcher("syscall(SYS_pivot_root, \".\", \".\")").find()).isFalse();
        assertThat(C_OWN_NUMBER.matcher("#define SYS_openat2 437").find()).isTrue();
    }

    private static void scan(Path p, List<String> found, Pattern... patterns) {
        try {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                for (Pattern pat : patterns) {
                    Matcher m = pat.matcher(lines.get(i));
                    if (m.find()) {
                        found.add(REPO.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The repository root: the parent of the kernel module Maven runs this test in (or the current directory). */
    private static Path locateRepo() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("kernel/src/main/java")) && Files.isDirectory(p.resolve("native"))) {
                return p;
            }
        }
        throw new AssertionError("no EdgeFusion repository above " + here);
    }
}
