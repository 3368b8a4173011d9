package io.edgefusion.kernel.proc;

import io.edgefusion.kernel.sys.KernelFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The System V IPC objects of the <em>reading thread's</em> IPC namespace ({@code /proc/sysvipc/shm}, {@code sem},
 * {@code msg}: the kernel takes the namespace of the task that opens them, not of the /proc mount), each as
 * {@code key/id} with the key in hex as ipcs prints it. Read on a thread that joined another IPC namespace to
 * see that namespace's objects.
 */
public record SysvIpc(List<String> shm, List<String> sem, List<String> msg) {
    static final Path DIR = Path.of("/proc/sysvipc");

    public SysvIpc {
        shm = List.copyOf(shm);
        sem = List.copyOf(sem);
        msg = List.copyOf(msg);
    }

    /** The calling thread's view. */
    public static SysvIpc here() {
        return new SysvIpc(objects("shm"), objects("sem"), objects("msg"));
    }

    public int count() {
        return shm.size() + sem.size() + msg.size();
    }

    private static List<String> objects(String kind) {
        Path p = DIR.resolve(kind);
        List<String> out = new ArrayList<>();
        if (!Files.exists(p)) {
            return out; // a kernel without CONFIG_SYSVIPC
        }
        String[] lines = KernelFiles.read(p).split("\n");
        // First line: column titles (key first, then the id).
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].strip().split("\\s+");
            if (f.length >= 2) {
                out.add(String.format("0x%08x/%s", Long.parseLong(f[0]) & 0xffffffffL, f[1]));
            }
        }
        return out;
    }
}
