package io.edgefusion.node.host;

/** Runs one command for an invocation and returns its exit code; the CLI's picocli tree is the one in use. */
@FunctionalInterface
public interface CommandRunner {
    int run(Invocation invocation);
}
