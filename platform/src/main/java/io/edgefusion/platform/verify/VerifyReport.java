package io.edgefusion.platform.verify;

import java.util.List;

/** The verifier's findings over a workload: the contract checked, how many classes were read, the violations. */
public record VerifyReport(String contract, int classesScanned, List<Violation> violations) {
    public boolean clean() {
        return violations.isEmpty();
    }
}
