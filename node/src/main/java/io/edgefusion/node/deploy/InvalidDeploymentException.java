package io.edgefusion.node.deploy;

import io.edgefusion.platform.yaml.Problem;

import java.util.List;

/**
 * A deployment file that does not validate. As for profiles, the message is one line: the first problem,
 * {@code file:line:col: message}, and how many more there are ({@code deploy --dry-run} lists them all).
 */
public final class InvalidDeploymentException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public InvalidDeploymentException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        if (problems.isEmpty()) {
            return "invalid deployment file";
        }
        Problem first = problems.getFirst();
        int more = problems.size() - 1;
        return first + (more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? "" : "s")
                + "; list them with 'edgefusion deploy --dry-run -f " + first.at().file() + "')");
    }
}
