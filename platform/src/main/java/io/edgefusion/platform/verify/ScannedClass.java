package io.edgefusion.platform.verify;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.SourceFileAttribute;
import java.lang.classfile.instruction.LineNumber;
import java.lang.reflect.AccessFlag;

/** A class read from a workload jar or directory: where it came from and its parsed model. */
public record ScannedClass(String origin, ClassModel model) {
    /** Internal name, {@code com/acme/Driver}. */
    public String internalName() {
        return model.thisClass().asInternalName();
    }

    /** Binary name, {@code com.acme.Driver}. */
    public String name() {
        return internalName().replace('/', '.');
    }

    public String sourceFile() {
        return model.findAttribute(Attributes.sourceFile()).map(SourceFileAttribute::sourceFile)
                .map(u -> u.stringValue()).orElse(null);
    }

    public boolean isInterface() {
        return model.flags().has(AccessFlag.INTERFACE);
    }

    public boolean isAbstract() {
        return model.flags().has(AccessFlag.ABSTRACT);
    }

    /** The first source line of a method, 0 without line numbers. */
    public static int firstLine(MethodModel m) {
        return m.code().map(code -> code.elementStream().filter(e -> e instanceof LineNumber)
                .mapToInt(e -> ((LineNumber) e).line()).min().orElse(0)).orElse(0);
    }

    /** The lowest source line in the class: near its declaration. */
    public int firstLine() {
        return model.methods().stream().mapToInt(ScannedClass::firstLine).filter(l -> l > 0).min().orElse(0);
    }
}
