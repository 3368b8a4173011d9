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
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Optional;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import io.edgefusion.kernel.sys.TreeRemoval;

/**
 * The state directory: {@code <root>/sandboxes/<id>/} per sandbox (state.json, exit.json, log, lock, upper/, work/,
 * rootfs/) and {@code <root>/names/<name>}, a symlink to the id, created exclusively so two sandboxes can never
 * share a name. Every record is written to a temporary file, fsynced and renamed: a reader sees the old or the
 * new record, never half of one. A name is linked only after its sandbox's directory and record exist, and
 * unlinked before they go, so a link always names a sandbox that {@code gc} can see; a link whose sandbox is gone
 * (an older layout, a disk error) counts as free and {@code gc} removes it. Names and ids are checked by
 * {@link SandboxNames} before they become path components, including ids read back from links.
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
    public static final String LOCK = "lock";
    /** Who froze the sandbox for a commit: "PID STARTTICKS", so gc can thaw one whose committer died. */
    public static final String FROZEN_BY = "frozen-by";
    /** sandboxes/ and each sandbox dir: only root (and, 0710, the group of a rootless sandbox's mapped root). */
    private static final String PRIVATE = "rwx------";
    private static final String TRAVERSE = "rwx--x---";

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
        return sandboxes().resolve(SandboxNames.requireId(id, "a sandbox reference"));
    }

    private Path names() {
        return root.resolve("names");
    }

    /**
     * Creates the sandbox's directory and writes its first record into it; fails if the id exists. The
     * directory is 0700, or ({@code traversable}) 0710 with group {@code traverseGid} when a rootless sandbox's
     * mapped root must reach its upper and work dirs through it (docker's 0710 for remapped roots).
     * {@code sandboxes/} itself is always 0710 with that group, so no other host user can reach anything a
     * sandbox wrote.
     */
    public Path create(SandboxState first, long traverseGid, boolean traversable) {
        try {
            Path all = sandboxes();
            if (!Files.isDirectory(all, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(all);
            }
            restrict(all, TRAVERSE, traverseGid);
            Path d = Files.createDirectory(dir(first.id()));
            if (traversable) {
                restrict(d, TRAVERSE, traverseGid);
            } else {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(PRIVATE));
            }
            write(first);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state for " + first.id() + " under " + sandboxes(), e);
        }
    }

    private static void restrict(Path p, String mode, long gid) throws IOException {
        Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    /** Claims {@code name} for {@code id}, whose record must exist already; throws when another sandbox holds it. */
    public void reserveName(String name, String id) {
        SandboxNames.requireName(name);
        Path link = names().resolve(name);
        try {
            if (!Files.isDirectory(names())) { // createDirectories throws and catches on every existing level
                Files.createDirectories(names());
            }
            try {
                Files.createSymbolicLink(link, Path.of(id));
            } catch (FileAlreadyExistsException e) {
                if (nameOwner(name).isPresent()) {
                    throw e;
                }
                // A link to a sandbox that is gone holds nothing: replace it (still exclusively).
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, Path.of(id));
            }
        } catch (FileAlreadyExistsException e) {
            String holder = nameOwner(name).orElse("?");
            throw new IllegalArgumentException("name " + name + " is already in use by sandbox "
                    + holder.substring(0, Math.min(12, holder.length())) + " (rm it or pick another --name)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve name " + name, e);
        }
    }

    /** The id {@code name} is linked to, if it is a valid name, the link holds a valid id and that sandbox exists. */
    public Optional<String> nameOwner(String name) {
        return linkTarget(name).filter(id -> Files.isDirectory(sandboxes().resolve(id), LinkOption.NOFOLLOW_LINKS));
    }

    private Optional<String> linkTarget(String name) {
        if (!SandboxNames.isName(name)) {
            return Optional.empty();
        }
        try {
            String id = Files.readSymbolicLink(names().resolve(name)).toString();
            return SandboxNames.isId(id) ? Optional.of(id) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Releases {@code name} if {@code id} holds it. */
    public void releaseName(String name, String id) {
        if (name != null && linkTarget(name).filter(id::equals).isPresent()) {
            try {
                Files.deleteIfExists(names().resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Removes every name link that holds no existing sandbox (or no valid id); returns the names removed. */
    public List<String> pruneNames() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(names(), LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(names())) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (nameOwner(n).isEmpty()) {
                    Files.deleteIfExists(p);
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune " + names(), e);
        }
        return out;
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

    /**
     * Parsed records by their file, with the bytes they were parsed from: {@code ps} in a node reads every record
     * for every call, and reading 2 KiB is cheap where parsing it is not. Keyed by content, never by mtime or
     * inode (both repeat within a clock tick), so a hit is always exactly what is on disk now.
     */
    private static final Map<Path, Parsed> PARSED = new ConcurrentHashMap<>();
    /** Enough for every sandbox of a busy node; beyond it the cache starts over rather than grow. */
    private static final int PARSED_MAX = 4096;

    private record Parsed(byte[] bytes, SandboxState state) {
    }

    public Optional<SandboxState> read(String id) {
        Path file = dir(id).resolve(STATE);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Parsed hit = PARSED.get(file);
            if (hit != null && Arrays.equals(hit.bytes(), bytes)) {
                return Optional.of(hit.state());
            }
            SandboxState s = Json.MAPPER.readValue(bytes, SandboxState.class);
            // A record is trusted only as far as it agrees with where it lies.
            if (!id.equals(s.id()) || s.name() != null && !SandboxNames.isName(s.name())) {
                throw new SandboxNames.InvalidSandboxName("state of " + id + " names id "
                        + SandboxNames.printable(s.id()) + " and name " + SandboxNames.printable(s.name()));
            }
            // Pids are signalled: 0 or -1 would reach a whole process group or every process.
            if (!validPid(s.pid()) || !validPid(s.reaperPid()) || s.creatorPid() < 0) {
                throw new SandboxNames.InvalidSandboxName("state of " + id + " holds an impossible pid");
            }
            if (PARSED.size() >= PARSED_MAX) {
                PARSED.clear();
            }
            PARSED.put(file, new Parsed(bytes, s));
            return Optional.of(s);
        } catch (NoSuchFileException e) {
            PARSED.remove(file);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state of " + id, e);
        }
    }

    private static boolean validPid(Long pid) {
        return pid == null || pid > 1 && pid <= Integer.MAX_VALUE;
    }

    public Optional<ExitRecord> exit(String id) {
        Path f = dir(id).resolve(EXIT);
        // Most sandboxes listed are running and have none: ask without the cost of a NoSuchFileException.
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ExitRecord.parse(Files.readString(f), f));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exit record of " + id, e);
        }
    }

    /**
     * Ids of every sandbox directory, including ones without a readable record (half-made). Entries that are not
     * a directory named by a valid id (a symlink, a stray file) are not sandboxes and are never acted on.
     */
    public List<String> ids() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(sandboxes(), LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sandboxes())) {
            for (Path p : ds) {
                String id = p.getFileName().toString();
                if (SandboxNames.isId(id) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(id);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    /**
     * An id from a full id, a unique id prefix, or a name — looked up, never resolved as a path: anything that
     * is not a possible name (a {@code /}, a leading {@code .}) names no sandbox.
     */
    public String resolve(String idOrName) {
        if (!SandboxNames.isName(idOrName)) {
            throw new SandboxNames.NoSuchSandbox(idOrName);
        }
        Optional<String> byName = nameOwner(idOrName);
        if (byName.isPresent()) {
            return byName.get();
        }
        List<String> matches = ids().stream().filter(i -> i.startsWith(idOrName)).toList();
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        if (matches.isEmpty()) {
            throw new SandboxNames.NoSuchSandbox(idOrName);
        }
        throw new IllegalArgumentException("sandbox " + idOrName + " is ambiguous: " + matches.size()
                + " ids start with it");
    }

    /** Deletes the sandbox's directory tree fd by fd, whatever its depth (see {@link TreeRemoval}). */
    public void delete(String id) {
        PARSED.remove(dir(id).resolve(STATE));
        TreeRemoval.remove(dir(id));
    }

    /**
     * Takes the sandbox's lock ({@code flock} on {@code <dir>/lock}), blocking until whoever holds it is done;
     * the kernel drops it when the holder dies, SIGKILL included. Throws {@link SandboxNames.NoSuchSandbox}
     * when the sandbox is gone, also when it was removed while we waited.
     */
    public SandboxLock lock(String id) {
        return SandboxLock.take(dir(id).resolve(LOCK), id, true)
                .orElseThrow(() -> new SandboxNames.NoSuchSandbox(id));
    }

    /** As {@link #lock} but without waiting: empty when another process holds it (or the sandbox is gone). */
    public Optional<SandboxLock> tryLock(String id) {
        return SandboxLock.take(dir(id).resolve(LOCK), id, false);
    }
}
