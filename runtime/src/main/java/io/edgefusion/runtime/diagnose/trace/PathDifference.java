package io.edgefusion.runtime.diagnose.trace;

/** One path whose resolution differs between the two runs. */
public record PathDifference(Op op, String path, DifferenceKind kind, PathOutcome inside, PathOutcome outside) {
}
