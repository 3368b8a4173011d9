package io.edgefusion.oci.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The runtime's state directory ({@code --root}, runc's habit: {@code /run/edgefusion-oci}): one directory per
 * container holding {@code state.json}, the config it was created from, the exec fifo while it waits for
 * {@code start}, and a lock file every verb holds while it changes the container.
 */
public final class ContainerStore {
    public static final Path DEFAULT_ROOT = Path.of("/run/edgefusion-oci");
    public static final String STATE = "state.json";
    public static final String CONFIG = "config.json";
    public static final String FIFO = "exec.fifo";
    public static final String LOCK = ".lock";
    /** Where the helper binary is installed: a dot name, which no container id may have. */
    public static final String HELPER_ROOT = ".helper";
    /** runc's id rule: letters, digits, {@code _ + - .}, not starting with a dot. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_+\\-][A-Za-z0-9_+\\-.]{0,1023}");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Path root;

    public ContainerStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path helperRoot() {
        return root.resolve(HELPER_ROOT);
    }

    public static void requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ContainerException("container id " + (id == null ? "(none)" : "\"" + id + "\"")
                    + ": must be letters, digits, _ + - . and not start with a dot");
        }
    }

    public Path dir(String id) {
        requireId(id);
        return root.resolve(id);
    }

    /** Makes the container's directory; an existing one is an error, as for runc. */
    public Path create(String id) {
        Path d = dir(id);
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx--x--x")));
            Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
            return d;
        } catch (FileAlreadyExistsException e) {
            throw new ContainerException("container with id " + id + " exists already");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + d, e);
        }
    }

    public boolean exists(String id) {
        return Files.isRegularFile(dir(id).resolve(STATE));
    }

    public Optional<ContainerRecord> find(String id) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(dir(id).resolve(STATE)), ContainerRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir(id).resolve(STATE), e);
        }
    }

    public ContainerRecord read(String id) {
        return find(id).orElseThrow(() -> new ContainerException("container " + id + " does not exist"));
    }

    /** Writes the record atomically (temp file, fsync, rename). */
    public void write(ContainerRecord r) {
        Path d = dir(r.id());
        Path tmp = d.resolve(STATE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(r)));
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, d.resolve(STATE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + d.resolve(STATE), e);
        }
    }

    /** An exclusive lock on the container, held by a verb while it changes it; made if missing. */
    public Lock lock(String id) {
        Path f = dir(id).resolve(LOCK);
        try {
            FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new Lock(ch, ch.lock());
        } catch (NoSuchFileException e) {
            throw new ContainerException("container " + id + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + f, e);
        }
    }

    /** Removes the container's directory and everything in it. */
    public void remove(String id) {
        Path d = dir(id);
        try (var walk = Files.walk(d)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + d, e);
        }
    }

    /** The ids with a state file, sorted. */
    public List<String> ids() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && Files.isRegularFile(p.resolve(STATE))) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        out.sort(null);
        return out;
    }

    /** A held container lock. */
    public record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock; nothing else to do
            }
        }
    }
}
