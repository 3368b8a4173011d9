package io.edgefusion.kernel.net;

import io.edgefusion.kernel.sys.NamespaceProbe;
import io.edgefusion.kernel.sys.NamespaceType;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Work inside another process's network namespace: sockets made there (they keep the namespace they were made
 * in for life), its links read or changed. Only a fresh platform thread ever joins a namespace — never a virtual
 * thread, whose carrier would take the namespace to other work (DESIGN.md §2); {@link NamespaceProbe} does it.
 */
public final class Netns {
    private Netns() {
    }

    /**
     * Runs {@code work} on a fresh platform thread inside the network namespace of {@code pid}, which must still
     * be the process started at {@code startTicks} once its namespace file is open (a recycled pid is never
     * joined). The thread rejoins its own namespace before it ends.
     */
    public static <T> T run(long pid, long startTicks, Callable<T> work) {
        return NamespaceProbe.run(pid, startTicks, List.of(NamespaceType.NET), work);
    }
}
