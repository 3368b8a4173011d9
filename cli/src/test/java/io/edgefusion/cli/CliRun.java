package io.edgefusion.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the CLI in-process and captures what it prints; with {@code -Dedgefusion.test.throughNode=true} a command
 * that names a root goes through the thin client and a node instead ({@link NodeRun}).
 */
record CliRun(int exitCode, String out, String err) {
    /**
     * Runs Main with both streams captured. System.out is captured too: an attached sandbox's stdout is copied
     * there as raw bytes. (Its stderr goes to the JVM's fd 2 directly and is not captured.)
     */
    static synchronized CliRun of(String... args) {
        if (NodeRun.ENABLED) {
            java.util.Optional<CliRun> through = NodeRun.run(args);
            if (through.isPresent()) {
                return through.get();
            }
        }
        return here(args);
    }

    /**
     * In this JVM even in the through-node pass: for a test that fakes state a node's start-up would rightly
     * sweep (the one-command node the pass starts runs gc first).
     */
    static synchronized CliRun here(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream realOut = System.out;
        System.setOut(o);
        try {
            int code = Main.run(args, o, e);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(realOut);
        }
    }

    /** {@code r}, asserted to have exited 0 (its output in the message when not). */
    static CliRun ok(CliRun r) {
        org.assertj.core.api.Assertions.assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r;
    }

    /** {@code call} with {@code in} as System.in (which the through-node pass hands to the client too). */
    static synchronized CliRun withStdin(String in, Call call) {
        java.io.InputStream real = System.in;
        System.setIn(new java.io.ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)));
        try {
            return call.run();
        } finally {
            System.setIn(real);
        }
    }

    /** A CLI call to run with something around it (stdin). */
    @FunctionalInterface
    interface Call {
        CliRun run();
    }

    /** {@code edgefusion --root=ROOT ARGS…}: the state root as the global option, before any verb. */
    static CliRun under(Object root, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "--root=" + root;
        System.arraycopy(args, 0, full, 1, args.length);
        return of(full);
    }
}
