package io.edgefusion.platform.profile;

import io.edgefusion.platform.yaml.Problem;

import java.util.List;

/** A profile that does not validate; the message is its first problem, {@code file:line:col: message}. */
public final class InvalidProfileException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidProfileException(List<Problem> problems) {
        super(problems.isEmpty() ? "invalid profile" : problems.getFirst() + (problems.size() > 1
                ? " (and " + (problems.size() - 1) + " more problems; run 'edgefusion profile validate')" : ""));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
