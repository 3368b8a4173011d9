package io.edgefusion.sandbox.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The state directory: {@code <root>/sandboxes/<id>/} per sandbox (state.json, exit.json, log, upper/, work/,
 * rootfs/) and {@code <root>/names/<name>}, a symlink to the id, created exclusively so two sandboxes can never
 * share a name. Every record is written to a temporary file, fsynced and renamed: a reader sees the old or the
 * new record, never half of one.
 */
public final class StateStore {
    /** Default state root, as docker's /var/lib/docker. */
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/edgefusion");
    public static final String STATE = "state.json";
    public static final String EXIT = "exit.json";
    public static final String LOG = "log";
    public static final String UPPER = "upper";
    public static final String WORK = "work";
    public static final String ROOTFS = "rootfs";

    private final Path root;

    public StateStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path sandboxes() {
        return root.resolve("sandboxes");
    }

    public Path dir(String id) {
        return sandboxes().resolve(id);
    }

    private Path names() {
        return root.resolve("names");
    }

    /** Creates the sandbox's directory; fails if the id exists. */
    public Path create(String id) {
        try {
            Files.createDirectories(sandboxes());
            return Files.createDirectory(dir(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state for " + id + " under " + sandboxes(), e);
        }
    }

    /** Claims {@code name} for {@code id}; throws when another sandbox holds it. */
    public void reserveName(String name, String id) {
        try {
            Files.createDirectories(names());
            Files.createSymbolicLink(names().resolve(name), Path.of(id));
        } catch (FileAlreadyExistsException e) {
            String holder = nameOwner(name).orElse("?");
            throw new IllegalArgumentException("name " + name + " is already in use by sandbox "
                    + holder.substring(0, Math.min(12, holder.length())) + " (rm it or pick another --name)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve name " + name, e);
        }
    }

    public Optional<String> nameOwner(String name) {
        try {
            return Optional.of(Files.readSymbolicLink(names().resolve(name)).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Releases {@code name} if {@code id} holds it. */
    public void releaseName(String name, String id) {
        if (name != null && nameOwner(name).filter(id::equals).isPresent()) {
            try {
                Files.deleteIfExists(names().resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public void write(SandboxState s) {
        writeAtomically(dir(s.id()).resolve(STATE), StateWriter.toBytes(s));
    }

    /** temp + fsync + rename in the same directory. */
    public static void writeAtomically(Path target, byte[] bytes) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("state dir does not support atomic rename: " + target, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public Optional<SandboxState> read(String id) {
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(dir(id).resolve(STATE)), SandboxState.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state of " + id, e);
        }
    }

    public Optional<ExitRecord> exit(String id) {
        Path f = dir(id).resolve(EXIT);
        try {
            return Optional.of(ExitRecord.parse(Files.readString(f), f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exit record of " + id, e);
        }
    }

    /** Ids of every sandbox directory, including ones without a readable record (half-made). */
    public List<String> ids() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(sandboxes())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sandboxes())) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    out.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    /** An id from a full id, a unique id prefix, or a name. */
    public String resolve(String idOrName) {
        Optional<String> byName = nameOwner(idOrName);
        if (byName.isPresent()) {
            return byName.get();
        }
        List<String> matches = ids().stream().filter(i -> i.startsWith(idOrName)).toList();
        if (matches.size() == 1 && !idOrName.isEmpty()) {
            return matches.getFirst();
        }
        throw new IllegalArgumentException(matches.isEmpty() ? "no such sandbox: " + idOrName
                : "sandbox " + idOrName + " is ambiguous: " + matches.size() + " ids start with it");
    }

    /** Deletes the sandbox's directory tree. */
    public void delete(String id) {
        Path d = dir(id);
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + d, e);
        }
    }
}
