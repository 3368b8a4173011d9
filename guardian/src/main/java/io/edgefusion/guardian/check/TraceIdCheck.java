package io.edgefusion.guardian.check;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.platform.check.ContractChecks;
import io.edgefusion.sandbox.LogOptions;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Contract rule logging.entry at run time: every line the workload logged since the previous round carries a
 * {@code trace_id}. Lines are read from the sandbox's own log (the reaper's), by record time, so each line is
 * judged once.
 */
public final class TraceIdCheck implements WorkloadCheck {
    private final ContractChecks contract;
    private final Map<String, Long> seenUntil = new ConcurrentHashMap<>();

    public TraceIdCheck(ContractChecks contract) {
        this.contract = contract;
    }

    @Override
    public String name() {
        return "logging.trace_id";
    }

    @Override
    public CheckOutcome run(WorkloadRef w, LiveSandbox live) {
        long since = seenUntil.getOrDefault(live.state().id(), 0L);
        long until = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        live.sandboxes().logs(live.state().id(), new LogOptions(false, -1, since, until, false), out, out);
        seenUntil.put(live.state().id(), until);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        return CheckOutcome.of(contract.logLines(lines, "log of " + live.label()));
    }
}
