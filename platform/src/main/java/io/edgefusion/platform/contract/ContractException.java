package io.edgefusion.platform.contract;

import io.edgefusion.platform.yaml.Problem;

import java.util.List;

/** The contract file itself is malformed: nothing can be checked against it. */
public final class ContractException extends RuntimeException {
    private final List<Problem> problems;

    public ContractException(List<Problem> problems) {
        super("invalid contract: " + problems.getFirst() + (problems.size() > 1
                ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
