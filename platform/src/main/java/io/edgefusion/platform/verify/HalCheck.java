package io.edgefusion.platform.verify;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.contract.HalRules.HalInterface;
import io.edgefusion.platform.contract.MemberRef;
import io.edgefusion.platform.hal.ProviderVersion;
import io.edgefusion.platform.verify.Violation.CodeLocation;
import io.edgefusion.platform.verify.Violation.Kind;

import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Contract rules hal.interface and hal.version on bytecode: every concrete class that implements a HAL interface
 * has every method the contract lists (a driver compiled against an older HAL lacks some — javac never sees
 * the gap), and declares with {@code @ImplementsContract} a version the contract accepts.
 */
final class HalCheck {
    static final String IMPLEMENTS = "Lio/edgefusion/platform/hal/ImplementsContract;";

    private final CoreContract contract;
    private final ClassSet classes;

    HalCheck(CoreContract contract, ClassSet classes) {
        this.contract = contract;
        this.classes = classes;
    }

    List<Violation> run() {
        List<Violation> out = new ArrayList<>();
        for (ScannedClass c : classes.all()) {
            if (c.isInterface() || c.isAbstract()) {
                continue;
            }
            boolean driver = false;
            for (HalInterface hal : contract.hal().interfaces().values()) {
                if (!classes.isSubtype(c.internalName(), hal.type())) {
                    continue;
                }
                driver = true;
                Optional<Set<String>> declared = declaredMethods(c.internalName());
                if (declared.isEmpty()) {
                    continue; // a superclass outside the workload may supply them; nothing certain to say
                }
                for (MemberRef m : hal.methods()) {
                    if (!declared.get().contains(m.name() + m.descriptor())) {
                        out.add(new Violation(Kind.MISSING_HAL_METHOD, contract.hal().interfaceRule(),
                                hal.simpleName() + "." + m.name() + signature(m.descriptor()) + " not implemented",
                                new CodeLocation(c.name(), null, c.sourceFile(), c.firstLine()),
                                "implement " + m.name() + signature(m.descriptor()) + " (rebuild the driver against"
                                        + " HAL " + contract.version() + "; a stub that throws is a start)"));
                    }
                }
            }
            if (driver) {
                String declaredVersion = implementsContract(c.model()).orElse(null);
                ProviderVersion.problem(c.name(), declaredVersion, contract.version()).ifPresent(p ->
                        out.add(new Violation(Kind.CONTRACT_VERSION, contract.hal().versionRule(), p,
                                new CodeLocation(c.name(), null, c.sourceFile(), c.firstLine()),
                                "build the driver for contract " + contract.version() + " and declare"
                                        + " @ImplementsContract(\"" + contract.version() + "\")")));
            }
        }
        return out;
    }

    /**
     * Concrete methods ({@code name+descriptor}) a class has from itself and its superclasses, plus default
     * methods of interfaces in the workload; empty when the chain leaves the workload before Object.
     */
    private Optional<Set<String>> declaredMethods(String type) {
        Set<String> out = new HashSet<>();
        String t = type;
        while (t != null && !t.equals("java/lang/Object")) {
            Optional<ScannedClass> c = classes.get(t);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            ClassModel m = c.get().model();
            for (MethodModel mm : m.methods()) {
                if (!mm.flags().has(AccessFlag.ABSTRACT)) {
                    out.add(mm.methodName().stringValue() + mm.methodType().stringValue());
                }
            }
            for (var i : m.interfaces()) {
                classes.get(i.asInternalName()).ifPresent(ic -> ic.model().methods().stream()
                        .filter(mm -> !mm.flags().has(AccessFlag.ABSTRACT))
                        .forEach(mm -> out.add(mm.methodName().stringValue() + mm.methodType().stringValue())));
            }
            t = m.superclass().map(s -> s.asInternalName()).orElse(null);
        }
        return Optional.of(out);
    }

    static Optional<String> implementsContract(ClassModel m) {
        return annotationValue(m.findAttribute(Attributes.runtimeVisibleAnnotations()), IMPLEMENTS);
    }

    /** The {@code value} string of an annotation of the given descriptor, if present. */
    static Optional<String> annotationValue(Optional<RuntimeVisibleAnnotationsAttribute> attr, String descriptor) {
        if (attr.isEmpty()) {
            return Optional.empty();
        }
        for (Annotation a : attr.get().annotations()) {
            if (a.className().stringValue().equals(descriptor)) {
                for (AnnotationElement e : a.elements()) {
                    if (e.name().stringValue().equals("value") && e.value() instanceof AnnotationValue.OfString s) {
                        return Optional.of(s.stringValue());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code (IJ)J} → {@code (int, long)}. */
    static String signature(String descriptor) {
        var md = java.lang.constant.MethodTypeDesc.ofDescriptor(descriptor);
        List<String> params = md.parameterList().stream().map(HalCheck::simple).toList();
        return "(" + String.join(", ", params) + ")";
    }

    private static String simple(java.lang.constant.ClassDesc d) {
        return d.displayName();
    }
}
