package io.edgefusion.platform.hal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code static final MemoryLayout} field as the layout of a structure the contract pins, by the
 * contract's name for it (e.g. {@code "serial_frame"}). The verifier compares the field's value with the pin.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Pinned {
    String value();
}
