package io.edgefusion.runtime.diagnose.trace;

/** How a traced call ended. */
public sealed interface CallResult {
    /**
     * The call succeeded.
     *
     * @param resolved where the kernel says the path led (strace's {@code -y} view of the returned fd, seen from the
     *                 tracer: see {@link StraceParser}); null when the call returns no fd
     * @param id       the file's device and inode when a stat call (or an fstat of the returned fd) showed them
     */
    record Found(String resolved, FileId id) implements CallResult {
        public Found withId(FileId newId) {
            return new Found(resolved, newId);
        }
    }

    /** The call failed with {@code errno} (its name, e.g. ENOENT). */
    record Failed(String errno) implements CallResult {
        public boolean denied() {
            return errno.equals("EACCES") || errno.equals("EPERM");
        }

        public boolean missing() {
            return errno.equals("ENOENT") || errno.equals("ENOTDIR");
        }
    }

    /** The call's end was never seen (the process died in it, or strace lost it). */
    record Unknown() implements CallResult {
    }
}
