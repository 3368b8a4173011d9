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

    /**
     * JDK services the JDK loads by itself when a front class is used, by that front class: their providers in
     * the node's jars (sqlite's driver, the kernel's one-line log backend) are loaded by name from
     * {@code META-INF/services}, which no constant pool shows.
     */
    private static final Map<String, String> JDK_LOADED = Map.of(
            "java/sql/Driver", "java/sql/DriverManager",
            "java/lang/System$LoggerFinder", "java/lang/System$Logger");
    /** Chosen by the profile, never by reachability: a disabled module's provider stays out. */
    private static final String PLATFORM_MODULES = "io/edgefusion/platform/module/PlatformModule";

    private final Map<String, byte[]> classes = new HashMap<>();
    /** Service (internal name) → its providers, from the jars' {@code META-INF/services} files. */
    private final Map<String, Set<String>> services = new HashMap<>();

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
                    } else if (n.startsWith("META-INF/services/") && !e.isDirectory()) {
                        String service = n.substring("META-INF/services/".length()).replace('.', '/');
                        try (InputStream in = jf.getInputStream(e)) {
                            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                                    .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                                    .forEach(l -> services.computeIfAbsent(service, k -> new LinkedHashSet<>())
                                            .add(l.replace('.', '/')));
                        }
                    }
                }
            }
        }
    }

    /**
     * Internal names reachable from {@code roots}, roots included; classes outside the jars are not followed.
     * A service's providers (but the platform modules') count as reached once the service is: our own services
     * when their interface is reached, the JDK's ({@link #JDK_LOADED}) when their front class is referenced.
     */
    Set<String> from(Collection<String> roots) {
        Set<String> all = new LinkedHashSet<>(roots);
        while (true) {
            Set<String> referenced = new java.util.HashSet<>();
            Set<String> seen = closure(all, referenced);
            Set<String> more = new LinkedHashSet<>(all);
            for (var e : services.entrySet()) {
                String service = e.getKey();
                String front = JDK_LOADED.get(service);
                boolean used = service.equals(PLATFORM_MODULES) ? false
                        : front != null ? referenced.contains(front) : seen.contains(service);
                if (used) {
                    more.addAll(e.getValue());
                }
            }
            if (more.equals(all)) {
                return seen;
            }
            all = more;
        }
    }

    private Set<String> closure(Collection<String> roots, Set<String> referenced) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        ClassFile cf = ClassFile.of();
        while (!todo.isEmpty()) {
            String c = todo.pop();
            referenced.add(c);
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
