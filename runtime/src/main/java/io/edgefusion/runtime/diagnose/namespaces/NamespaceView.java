package io.edgefusion.runtime.diagnose.namespaces;

/**
 * One namespace kind of a sandbox's PID 1 against the inspecting process: the inode numbers of
 * {@code /proc/<pid>/ns/<type>} and {@code /proc/self/ns/<type>}; equal inodes are the same namespace.
 */
public record NamespaceView(String type, long insideInode, long hostInode) {
    public boolean own() {
        return insideInode != hostInode;
    }
}
