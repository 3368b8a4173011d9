package io.edgefusion.runtime.diagnose.trace;

/**
 * What one side saw for one path: the call that decides it (the first that succeeded, else the first that failed)
 * and how many calls of that kind named the path.
 */
public record PathOutcome(Op op, String path, String syscall, CallResult result, int calls) {
}
