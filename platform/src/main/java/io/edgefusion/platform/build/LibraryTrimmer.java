package io.edgefusion.platform.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Copies a third-party library with only the classes the node reaches. BouncyCastle is 8 MB for the few dozen
 * SM4 classes the node uses — and a signed jar, whose signature the JVM verifies on first load and whose classes
 * the AOT cache must skip; the trimmed copy carries neither the unused classes nor the signature (the node uses
 * the lightweight API, never a JCE provider that would need it). Multi-release overlays are dropped too: the
 * base classes run on any JDK.
 */
final class LibraryTrimmer {
    private LibraryTrimmer() {
    }

    /** Writes {@code to} with the reachable classes and the plain resources of {@code from}; returns classes kept. */
    static int copyReachable(Path from, Path to, Set<String> reachable) throws IOException {
        int kept = 0;
        try (JarFile in = new JarFile(from.toFile());
             OutputStream os = Files.newOutputStream(to);
             JarOutputStream out = new JarOutputStream(os, mainAttributesOnly(in.getManifest()))) {
            for (JarEntry e : in.stream().toList()) {
                String n = e.getName();
                if (e.isDirectory() || n.equals(JarFile.MANIFEST_NAME) || signature(n) || n.startsWith("META-INF/versions/")
                        || n.endsWith("module-info.class")) {
                    continue;
                }
                if (n.endsWith(".class") && !reachable.contains(n.substring(0, n.length() - 6))) {
                    continue;
                }
                out.putNextEntry(new JarEntry(n));
                try (InputStream s = in.getInputStream(e)) {
                    s.transferTo(out);
                }
                out.closeEntry();
                if (n.endsWith(".class")) {
                    kept++;
                }
            }
        }
        return kept;
    }

    private static boolean signature(String name) {
        String u = name.toUpperCase();
        return u.startsWith("META-INF/") && (u.endsWith(".SF") || u.endsWith(".RSA") || u.endsWith(".DSA")
                || u.endsWith(".EC"));
    }

    /** The manifest without per-entry digests (they belong to the signature) and without Multi-Release. */
    private static Manifest mainAttributesOnly(Manifest m) {
        Manifest out = new Manifest();
        if (m != null) {
            out.getMainAttributes().putAll(m.getMainAttributes());
        }
        out.getMainAttributes().remove(new Attributes.Name("Multi-Release"));
        out.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
        return out;
    }
}
