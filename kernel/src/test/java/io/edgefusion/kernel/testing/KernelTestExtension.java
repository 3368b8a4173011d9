package io.edgefusion.kernel.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fails kernel tests that cannot run for real; skips them only on the explicit opt-out. */
public final class KernelTestExtension implements ExecutionCondition, BeforeAllCallback {
    public static final String SKIP_ENV = "EDGEFUSION_SKIP_KERNEL_TESTS";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("1".equals(System.getenv(SKIP_ENV))) {
            String msg = "kernel test skipped because " + SKIP_ENV + "=1 (never set this in CI)";
            System.err.println("WARNING: " + msg + ": " + context.getDisplayName());
            return ConditionEvaluationResult.disabled(msg);
        }
        return ConditionEvaluationResult.enabled("kernel tests run for real");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String os = System.getProperty("os.name");
        if (!os.toLowerCase().startsWith("linux")) {
            throw new AssertionError("kernel test " + context.getDisplayName() + " needs Linux, this is " + os
                    + " (set " + SKIP_ENV + "=1 to skip knowingly)");
        }
        if (!isRoot()) {
            throw new AssertionError("kernel test " + context.getDisplayName() + " needs root (set " + SKIP_ENV
                    + "=1 to skip knowingly)");
        }
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
