package io.edgefusion.kernel.testing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that drives the real kernel (cgroups, mounts, namespaces). It runs on Linux as root and
 * <em>fails</em> anywhere else (DESIGN.md §4); only {@code EDGEFUSION_SKIP_KERNEL_TESTS=1}, never set in CI,
 * skips it, and then says so.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel")
@ExtendWith(KernelTestExtension.class)
public @interface KernelTest {
}
