package io.edgefusion.guardian.prevent;

import io.edgefusion.kernel.bpf.BindFilter;
import io.edgefusion.kernel.sys.KernelException;
import io.edgefusion.platform.check.CheckResult;
import io.edgefusion.platform.contract.NetworkRules;

import java.util.List;
import java.util.Optional;

/**
 * The refusals of one sandbox's bind programs, for the guardian's check rounds. The mechanism: each program, on
 * refusing a bind, atomically adds 1 to a counter in a one-element BPF array map and stores what it refused (family,
 * type, protocol, port) beside it; reading is one {@code BPF_MAP_LOOKUP_ELEM}, cheap enough for every round, and no
 * event is lost between rounds because the counter only grows (a perf or ring buffer would give each refusal's
 * details, which the evidence does not need: the workload got EPERM, the count and the last port say what it tried).
 *
 * <p>{@link #poll()} reports what is new since the previous poll (or since {@code alreadyRecorded}, the total the
 * evidence already holds, after a guardian restart), so each refusal is recorded once.
 */
public final class BindRefusals implements AutoCloseable {
    /** The check name refusals are reported under (the contract rule is the network rule's). */
    public static final String CHECK = "network.bind";

    private final String sandboxId;
    private final BindFilter filter;
    private final NetworkRules rule;
    private long seen;

    BindRefusals(String sandboxId, BindFilter filter, NetworkRules rule, long alreadyRecorded) {
        this.sandboxId = sandboxId;
        this.filter = filter;
        this.rule = rule;
        this.seen = alreadyRecorded;
    }

    /** Refusals the kernel made since the programs were attached. */
    public long total() {
        return filter.count().refusals();
    }

    /**
     * New refusals since the last poll: how many, the total, and a reason a person can act on; empty when there
     * are none.
     */
    public synchronized Optional<Refused> poll() {
        BindFilter.Count c = filter.count();
        if (c.refusals() <= seen) {
            return Optional.empty();
        }
        long added = c.refusals() - seen;
        seen = c.refusals();
        String last = c.last().map(BindFilter.Refusal::describe).orElse("unknown");
        String reason = added + " bind(s) outside the contract refused with EPERM (last: " + last + "; "
                + rule.rule() + " allows " + rule.listen() + "); " + c.refusals() + " in total";
        return Optional.of(new Refused(sandboxId, added, c.refusals(), c.last(), reason));
    }

    /**
     * {@link #poll()} as a check result for a round: Failed with one finding when binds were refused since the last
     * round, Passed otherwise, Inconclusive when the counter cannot be read.
     */
    public CheckResult check() {
        try {
            return poll().<CheckResult>map(r -> new CheckResult.Failed(CHECK, rule.rule(), List.of(
                    new CheckResult.Finding(r.reason(), "sandbox " + sandboxId + " cgroup " + filter.cgroupDir()))))
                    .orElseGet(() -> new CheckResult.Passed(CHECK, rule.rule(), "no bind refused since the last"
                            + " check (" + seen + " in total)"));
        } catch (KernelException | IllegalStateException e) {
            return new CheckResult.Inconclusive(CHECK, rule.rule(), "cannot read the bind refusal counter of "
                    + sandboxId + ": " + e.getMessage());
        }
    }

    /** New refusals of one sandbox; {@code last} is the most recent one. */
    public record Refused(String sandboxId, long added, long total, Optional<BindFilter.Refusal> last,
                          String reason) {
    }

    void detach() {
        filter.detach();
    }

    /** Stops reading; the programs stay attached and keep refusing. */
    @Override
    public void close() {
        filter.close();
    }
}
