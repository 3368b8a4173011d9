package io.edgefusion.platform.check;

import io.edgefusion.platform.check.CheckResult.Failed;
import io.edgefusion.platform.check.CheckResult.Finding;
import io.edgefusion.platform.check.CheckResult.Inconclusive;
import io.edgefusion.platform.check.CheckResult.Passed;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.contract.PinnedLayout;
import io.edgefusion.platform.hal.DeviceChannelProvider;
import io.edgefusion.platform.hal.DeviceSpec;
import io.edgefusion.platform.hal.HalRegistry;
import io.edgefusion.platform.hal.ProviderVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The contract's run-time checks, as a library for the guardian: what a process listens on, whether the
 * registered HAL drivers declare an accepted contract version and speak the pinned layouts, and whether log
 * lines carry a trace_id. Each returns a {@link CheckResult}; none throws for what it finds.
 */
public final class ContractChecks {
    private static final Pattern TRACE_ID = Pattern.compile("(^|\\s)trace_id=[0-9a-f]{16}(\\s|$)");
    /** Findings past this many are summarised; one bad log file should not flood the evidence. */
    static final int MAX_FINDINGS = 20;

    private final CoreContract contract;
    private final Path procRoot;

    public ContractChecks(CoreContract contract, Path procRoot) {
        this.contract = contract;
        this.procRoot = procRoot;
    }

    public ContractChecks(CoreContract contract) {
        this(contract, Path.of("/proc"));
    }

    /** Rule network.listen: every listening socket of {@code pid} is a contract endpoint. */
    public CheckResult listening(long pid) {
        String rule = contract.network().rule();
        List<ListeningSocket> sockets;
        try {
            sockets = ProcNet.listening(procRoot, pid);
        } catch (NoSuchFileException e) {
            return new Inconclusive("network.listen", rule, "process " + pid + " is gone");
        } catch (IOException | SecurityException e) {
            return new Inconclusive("network.listen", rule, "cannot read sockets of " + pid + ": " + e.getMessage());
        }
        List<Finding> bad = new ArrayList<>();
        for (ListeningSocket s : sockets) {
            if (!contract.network().allows(s.endpoint())) {
                bad.add(new Finding("listens on " + s.endpoint() + ", not a contract endpoint "
                        + contract.network().listen(), "pid " + pid + " " + s.table() + " inode " + s.inode()));
            }
        }
        return bad.isEmpty() ? new Passed("network.listen", rule, sockets.size() + " listening socket(s), all"
                + " contract endpoints") : new Failed("network.listen", rule, bad);
    }

    /**
     * Rules hal.version and hal.layout on live drivers: each registered provider declares a version the contract
     * accepts, and each device kind's channel reports the layout the contract pins for it.
     */
    public CheckResult providers(HalRegistry registry) {
        List<Finding> bad = new ArrayList<>();
        for (Object p : registry.providers()) {
            ProviderVersion.problem(p.getClass(), contract).ifPresent(msg ->
                    bad.add(new Finding(msg, p.getClass().getName())));
            if (p instanceof DeviceChannelProvider d) {
                String pinName = contract.hal().deviceFrames().get(d.kind());
                PinnedLayout pin = pinName == null ? null : contract.hal().layouts().get(pinName);
                if (pin == null) {
                    bad.add(new Finding("the contract pins no frame layout for device kind " + d.kind(),
                            p.getClass().getName()));
                    continue;
                }
                var layout = d.create(new DeviceSpec("layout-probe", d.kind(), "/dev/null", Map.of())).frameLayout();
                for (String diff : pin.differences(layout)) {
                    bad.add(new Finding(pinName + " " + diff, p.getClass().getName()));
                }
            }
        }
        return bad.isEmpty() ? new Passed("hal.providers", contract.hal().versionRule(), registry.providers().size()
                + " provider(s) match contract " + contract.version())
                : new Failed("hal.providers", contract.hal().versionRule(), bad);
    }

    /** Rule logging.entry: every line of {@code log} carries a trace_id. */
    public CheckResult logLines(Path log) {
        String rule = contract.logging().rule();
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return new Inconclusive("logging.trace_id", rule, "cannot read " + log + ": " + e.getMessage());
        }
        return logLines(lines, log.toString());
    }

    public CheckResult logLines(List<String> lines, String source) {
        String rule = contract.logging().rule();
        List<Finding> bad = new ArrayList<>();
        int missing = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isBlank() && !TRACE_ID.matcher(l).find()) {
                missing++;
                if (bad.size() < MAX_FINDINGS) {
                    bad.add(new Finding("line without " + contract.logging().requiredField() + ": "
                            + (l.length() > 80 ? l.substring(0, 80) + "…" : l), source + ":" + (i + 1)));
                }
            }
        }
        if (missing > MAX_FINDINGS) {
            bad.add(new Finding((missing - MAX_FINDINGS) + " more lines without "
                    + contract.logging().requiredField(), source));
        }
        return bad.isEmpty() ? new Passed("logging.trace_id", rule, lines.size() + " line(s), all with "
                + contract.logging().requiredField()) : new Failed("logging.trace_id", rule, bad);
    }
}
