package io.edgefusion.platform.build;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MethodTypeEntry;
import java.lang.classfile.constantpool.NameAndTypeEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a trimmed node can reach: from its roots (the node's main class and the enabled modules'
 * providers), following every class the constant pool names — class entries and the types in method and field
 * descriptors. jdeps then asks which JDK modules those classes need, so a disabled module's code (and the JDK
 * modules only it uses) drops out even when it shares a jar with enabled code.
 */
final class Reachable {
    private static final Pattern TYPE = Pattern.compile("L([^;<]+);");

    private final Map<String, byte[]> classes = new HashMap<>();

    /** Indexes every class of {@code jars}. */
    Reachable(Collection<Path> jars) throws IOException {
        for (Path jar : jars) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (JarEntry e : jf.stream().toList()) {
                    String n = e.getName();
                    if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class")) {
                        try (InputStream in = jf.getInputStream(e)) {
                            classes.putIfAbsent(n.substring(0, n.length() - 6), in.readAllBytes());
                        }
                    }
                }
            }
        }
    }

    /** Internal names reachable from {@code roots}, roots included; classes outside the jars are not followed. */
    Set<String> from(Collection<String> roots) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        ClassFile cf = ClassFile.of();
        while (!todo.isEmpty()) {
            String c = todo.pop();
            byte[] bytes = classes.get(c);
            if (bytes == null || !seen.add(c)) {
                continue;
            }
            ClassModel m = cf.parse(bytes);
            for (PoolEntry e : m.constantPool()) {
                switch (e) {
                    case ClassEntry ce -> todo.push(strip(ce.asInternalName()));
                    case NameAndTypeEntry nt -> descriptorTypes(nt.type().stringValue(), todo);
                    case MethodTypeEntry mt -> descriptorTypes(mt.descriptor().stringValue(), todo);
                    default -> {
                    }
                }
            }
            m.fields().forEach(f -> descriptorTypes(f.fieldType().stringValue(), todo));
            m.methods().forEach(x -> descriptorTypes(x.methodType().stringValue(), todo));
        }
        return seen;
    }

    /** Writes the given classes under {@code dir} as a class tree for jdeps. */
    void write(Set<String> names, Path dir) throws IOException {
        for (String n : names) {
            Path p = dir.resolve(n + ".class");
            Files.createDirectories(p.getParent());
            Files.write(p, classes.get(n));
        }
    }

    private static String strip(String name) {
        if (!name.startsWith("[")) {
            return name;
        }
        Matcher m = TYPE.matcher(name);
        return m.find() ? m.group(1) : name;
    }

    private static void descriptorTypes(String descriptor, Deque<String> todo) {
        Matcher m = TYPE.matcher(descriptor);
        while (m.find()) {
            todo.push(m.group(1));
        }
    }
}
