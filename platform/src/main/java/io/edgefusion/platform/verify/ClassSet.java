package io.edgefusion.platform.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The classes of a workload: every {@code .class} in the given jars, directories and class files. */
public final class ClassSet {
    private final List<Path> inputs;
    private final Map<String, ScannedClass> classes = new LinkedHashMap<>();

    private ClassSet(List<Path> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    public static ClassSet read(List<Path> inputs) throws IOException {
        ClassSet set = new ClassSet(inputs);
        ClassFile cf = ClassFile.of();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> walk = Files.walk(in)) {
                    for (Path p : walk.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                        set.add(in.relativize(p).toString(), cf.parse(Files.readAllBytes(p)));
                    }
                }
            } else if (in.toString().endsWith(".class")) {
                set.add(in.toString(), parse(cf, in.toString(), Files.readAllBytes(in)));
            } else if (Files.isRegularFile(in)) {
                try (JarFile jar = open(in)) {
                    for (JarEntry e : jar.stream().filter(e -> e.getName().endsWith(".class")
                            && !e.getName().startsWith("META-INF/")).toList()) {
                        try (InputStream s = jar.getInputStream(e)) {
                            String origin = in.getFileName() + "!/" + e.getName();
                            set.add(origin, parse(cf, origin, s.readAllBytes()));
                        }
                    }
                }
            } else {
                throw new IOException(in + ": no such jar, directory or class file");
            }
        }
        return set;
    }

    /** The JDK's ZipException ("zip END header not found") names no file: say which input is not a jar. */
    private static JarFile open(Path in) throws IOException {
        try {
            return new JarFile(in.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new IOException(in + ": not a jar (" + e.getMessage() + ")", e);
        }
    }

    private static java.lang.classfile.ClassModel parse(ClassFile cf, String origin, byte[] bytes) throws IOException {
        try {
            return cf.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(origin + ": not a class file (" + e.getMessage() + ")", e);
        }
    }

    private void add(String origin, java.lang.classfile.ClassModel model) {
        if (model.thisClass().asInternalName().endsWith("module-info")) {
            return;
        }
        classes.putIfAbsent(model.thisClass().asInternalName(), new ScannedClass(origin, model));
    }

    public List<ScannedClass> all() {
        return new ArrayList<>(classes.values());
    }

    public Optional<ScannedClass> get(String internalName) {
        return Optional.ofNullable(classes.get(internalName));
    }

    public int size() {
        return classes.size();
    }

    /**
     * Whether {@code type} is {@code ancestor} or extends/implements it, following the workload's own classes and
     * then the JDK's (loaded without initialising). Unknown types answer false.
     */
    public boolean isSubtype(String type, String ancestor) {
        if (type.equals(ancestor)) {
            return true;
        }
        Optional<ScannedClass> c = get(type);
        if (c.isPresent()) {
            var m = c.get().model();
            if (m.superclass().map(s -> isSubtype(s.asInternalName(), ancestor)).orElse(false)) {
                return true;
            }
            return m.interfaces().stream().anyMatch(i -> isSubtype(i.asInternalName(), ancestor));
        }
        try {
            ClassLoader platform = ClassSet.class.getClassLoader();
            Class<?> a = Class.forName(ancestor.replace('/', '.'), false, platform);
            Class<?> t = Class.forName(type.replace('/', '.'), false, platform);
            return a.isAssignableFrom(t);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * A throwaway loader over the workload, parent the platform's loader, for evaluating pinned layouts. Closing
     * it drops every class it loaded.
     */
    public URLClassLoader loader() {
        URL[] urls = inputs.stream().filter(p -> !p.toString().endsWith(".class")).map(p -> {
            try {
                return p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }).toArray(URL[]::new);
        return new URLClassLoader("workload", urls, ClassSet.class.getClassLoader());
    }
}
