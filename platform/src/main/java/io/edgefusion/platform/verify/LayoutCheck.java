package io.edgefusion.platform.verify;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.contract.PinnedLayout;
import io.edgefusion.platform.verify.Violation.CodeLocation;
import io.edgefusion.platform.verify.Violation.Kind;

import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.CodeElement;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.LineNumber;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Field;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Contract rule hal.layout on bytecode: a {@code static final MemoryLayout} field marked {@code @Pinned("name")}
 * must equal the contract's pin of that name. The field's value is built by the class's static initialiser, so
 * the class is initialised in a throwaway loader and the value compared with {@link PinnedLayout#differences}
 * — the same comparison the run-time check makes.
 */
final class LayoutCheck {
    static final String PINNED = "Lio/edgefusion/platform/hal/Pinned;";

    private final CoreContract contract;
    private final ClassSet classes;

    LayoutCheck(CoreContract contract, ClassSet classes) {
        this.contract = contract;
        this.classes = classes;
    }

    List<Violation> run() throws IOException {
        List<Violation> out = new ArrayList<>();
        try (URLClassLoader loader = classes.loader()) {
            for (ScannedClass c : classes.all()) {
                for (FieldModel f : c.model().fields()) {
                    Optional<String> pin = HalCheck.annotationValue(
                            f.findAttribute(Attributes.runtimeVisibleAnnotations()), PINNED);
                    if (pin.isPresent()) {
                        check(c, f, pin.get(), loader).ifPresent(out::add);
                    }
                }
            }
        }
        return out;
    }

    private Optional<Violation> check(ScannedClass c, FieldModel f, String pinName, ClassLoader loader) {
        String field = f.fieldName().stringValue();
        CodeLocation at = new CodeLocation(c.name(), field, c.sourceFile(), assignmentLine(c, field));
        String rule = contract.hal().layoutRule();
        PinnedLayout pin = contract.hal().layouts().get(pinName);
        if (pin == null) {
            return Optional.of(new Violation(Kind.LAYOUT_MISMATCH, rule, "the contract pins no layout '" + pinName
                    + "' (it pins " + String.join(", ", contract.hal().layouts().keySet()) + ")", at,
                    "use a layout name from the contract, or propose the new structure for the next contract"));
        }
        if (!f.flags().has(AccessFlag.STATIC)) {
            return Optional.of(new Violation(Kind.LAYOUT_MISMATCH, rule, "@Pinned field " + field + " is not static",
                    at, "declare the layout as a static final MemoryLayout"));
        }
        MemoryLayout actual;
        try {
            Class<?> k = Class.forName(c.name(), true, loader);
            Field jf = k.getDeclaredField(field);
            jf.setAccessible(true);
            if (!(jf.get(null) instanceof MemoryLayout ml)) {
                return Optional.of(new Violation(Kind.LAYOUT_MISMATCH, rule, "@Pinned field " + field
                        + " does not hold a MemoryLayout", at, "declare it as a static final MemoryLayout"));
            }
            actual = ml;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.of(new Violation(Kind.LAYOUT_MISMATCH, rule, "layout " + pinName
                    + " could not be evaluated: " + e, at,
                    "keep the layout's static initialiser free of native calls and I/O"));
        }
        List<String> diffs = pin.differences(actual);
        if (diffs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Violation(Kind.LAYOUT_MISMATCH, rule, pinName + " " + String.join("; ", diffs), at,
                "lay the fields out as the contract pins them: " + pin.fields() + ", " + pin.size() + " bytes, "
                        + PinnedLayout.orderName(pin.order())));
    }

    /** The source line of the static initialiser's {@code putstatic} to the field. */
    private static int assignmentLine(ScannedClass c, String field) {
        for (MethodModel m : c.model().methods()) {
            if (!m.methodName().stringValue().equals("<clinit>") || m.code().isEmpty()) {
                continue;
            }
            int line = 0;
            for (CodeElement e : m.code().get()) {
                if (e instanceof LineNumber ln) {
                    line = ln.line();
                } else if (e instanceof FieldInstruction fi && fi.opcode() == Opcode.PUTSTATIC
                        && fi.name().stringValue().equals(field)
                        && fi.owner().asInternalName().equals(c.internalName())) {
                    return line;
                }
            }
        }
        return c.firstLine();
    }
}
