package io.edgefusion.guardian.check;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.platform.check.ContractChecks;

/**
 * Contract rule network.listen at run time: the sockets any task of the workload's cgroup listens on are
 * contract endpoints. Read from {@code /proc/<pid>/net/tcp*}, which shows the table of the
 * process's own network namespace, matched to its fds by inode.
 */
public final class ListeningCheck implements WorkloadCheck {
    private final ContractChecks contract;

    public ListeningCheck(ContractChecks contract) {
        this.contract = contract;
    }

    @Override
    public String name() {
        return "network.listen";
    }

    @Override
    public CheckOutcome run(WorkloadRef w, LiveSandbox live) {
        if (live.pid().isEmpty()) {
            return new CheckOutcome.Inconclusive(name(), "sandbox " + live.label() + " is not running");
        }
        // Every task of the sandbox, not only PID 1: a shell's child listening is the workload listening.
        CheckOutcome o = CheckOutcome.of(contract.listening(live.pid().get()));
        if (!(o instanceof CheckOutcome.Failed)) {
            java.util.Set<Long> tasks;
            try {
                tasks = new java.util.TreeSet<>(live.cgroup().pids());
            } catch (RuntimeException e) {
                tasks = java.util.Set.of();
            }
            for (long pid : tasks) {
                CheckOutcome other = pid == live.pid().get() ? o : CheckOutcome.of(contract.listening(pid));
                if (other instanceof CheckOutcome.Failed) {
                    o = other;
                    break;
                }
            }
        }
        if (o instanceof CheckOutcome.Failed f) {
            return new CheckOutcome.Failed(f.check(), f.rule(), "workload " + w.name() + ": " + f.reason()
                    + "; make it listen only on a contract endpoint, or change the contract");
        }
        return o;
    }
}
