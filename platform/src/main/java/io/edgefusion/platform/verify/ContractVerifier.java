package io.edgefusion.platform.verify;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.profile.ProfileCheck;
import io.edgefusion.platform.verify.Violation.Kind;
import io.edgefusion.platform.verify.Violation.ProfileLocation;
import io.edgefusion.platform.yaml.Problem;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The build-time verifier: scans a workload's bytecode (jars, class directories) with {@code java.lang.classfile}
 * for everything the core contract forbids, and — given a profile — the trims its stage forbids. Used by
 * {@code edgefusion contract verify} and the Maven plugin's {@code verify} goal.
 */
public final class ContractVerifier {
    private final CoreContract contract;

    public ContractVerifier(CoreContract contract) {
        this.contract = contract;
    }

    /**
     * Verifies the classes in {@code inputs}; {@code profile} (already validated against the catalog) adds its
     * stage-rule breaches. A profile with schema problems is the caller's error, not a violation.
     */
    public VerifyReport verify(List<Path> inputs, Optional<ProfileCheck> profile) throws IOException {
        ClassSet classes = ClassSet.read(inputs);
        List<Violation> out = new ArrayList<>();
        profile.ifPresent(p -> {
            for (Problem pr : p.problems()) {
                if (pr.rule() == null) {
                    throw new IllegalArgumentException("profile is invalid: " + pr);
                }
                out.add(new Violation(Kind.STAGE_TRIM, pr.rule(), stripRule(pr.message()), new ProfileLocation(pr.at()),
                        fix(pr.rule())));
            }
        });
        out.addAll(new HalCheck(contract, classes).run());
        out.addAll(new LayoutCheck(contract, classes).run());
        out.addAll(new CodeScan(contract, classes).run());
        out.sort(Comparator.comparing((Violation v) -> v.kind().ordinal())
                .thenComparing(v -> v.location().display()));
        return new VerifyReport(contract.label(), classes.size(), List.copyOf(out));
    }

    private static String stripRule(String message) {
        int i = message.lastIndexOf(" [");
        return i > 0 ? message.substring(0, i) : message;
    }

    private String fix(String rule) {
        if (rule.equals(contract.network().rule())) {
            return "use a contract port: " + contract.network().listen();
        }
        return "restore what the stage requires, or build for an earlier stage (" + rule + " in "
                + contract.label() + ")";
    }
}
