package io.edgefusion.platform.hal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The core-contract version a HAL driver was built against, e.g. {@code "2.3"}. Kept in the class file
 * (and at run time), so the build-time verifier and the registry both read it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ImplementsContract {
    String value();
}
