package io.edgefusion.guardian.check;

import io.edgefusion.guardian.WorkloadRef;
import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import io.edgefusion.kernel.sys.FdIo;
import io.edgefusion.kernel.sys.FileSyscalls;
import io.edgefusion.kernel.sys.Libc;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.contract.PinnedLayout;
import io.edgefusion.platform.hal.ProviderVersion;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Contract rules hal.version and hal.layout on what the workload reports ({@link HalReport}): each provider's
 * declared contract version is one the running contract accepts, and each reported frame layout is the pinned
 * one (size, field names, offsets and sizes, byte order). A workload that writes no report has no HAL drivers
 * to check: ok.
 */
public final class HalReportCheck implements WorkloadCheck {
    static final int MAX_REPORT = 64 * 1024;
    private final CoreContract contract;

    public HalReportCheck(CoreContract contract) {
        this.contract = contract;
    }

    @Override
    public String name() {
        return "hal.report";
    }

    @Override
    public CheckOutcome run(WorkloadRef w, LiveSandbox live) {
        if (live.pid().isEmpty()) {
            return new CheckOutcome.Inconclusive(name(), "sandbox " + live.label() + " is not running");
        }
        Optional<String> text;
        try {
            text = read(live.pid().get());
        } catch (RuntimeException e) {
            return new CheckOutcome.Inconclusive(name(), "cannot read " + HalReport.PATH + " of " + live.label()
                    + ": " + e.getMessage());
        }
        if (text.isEmpty()) {
            return new CheckOutcome.Ok(name(), "no HAL report (" + HalReport.PATH + "): no drivers to check");
        }
        HalReport r;
        try {
            r = HalReport.parse(text.get());
        } catch (IllegalArgumentException e) {
            return new CheckOutcome.Failed(name(), contract.hal().versionRule(), "workload " + w.name() + ": "
                    + HalReport.PATH + " is not a HAL report: " + e.getMessage());
        }
        return judge(w, r);
    }

    CheckOutcome judge(WorkloadRef w, HalReport r) {
        List<String> bad = new ArrayList<>();
        for (HalReport.Provider p : r.providers()) {
            ProviderVersion.problem(p.className(), p.contract(), contract.version()).ifPresent(bad::add);
        }
        String rule = bad.isEmpty() ? contract.hal().layoutRule() : contract.hal().versionRule();
        for (HalReport.Layout l : r.layouts()) {
            PinnedLayout pin = contract.hal().layouts().get(l.name());
            if (pin == null) {
                bad.add("layout " + l.name() + " is not pinned by contract " + contract.version());
                continue;
            }
            for (String d : differences(pin, l)) {
                bad.add(l.name() + " " + d);
            }
        }
        if (bad.isEmpty()) {
            return new CheckOutcome.Ok(name(), r.providers().size() + " provider(s), " + r.layouts().size()
                    + " layout(s) as contract " + contract.version() + " pins");
        }
        return new CheckOutcome.Failed(name(), rule, "workload " + w.name() + ": " + String.join("; ", bad)
                + " [rule " + rule + "]; rebuild the driver against contract " + contract.version());
    }

    static List<String> differences(PinnedLayout pin, HalReport.Layout l) {
        List<String> d = new ArrayList<>();
        if (l.size() != pin.size()) {
            d.add("frame is " + l.size() + " bytes, the contract pins " + pin.size());
        }
        List<PinnedLayout.Field> have = l.fields().stream().map(f -> new PinnedLayout.Field(f.name(), f.offset(),
                f.size())).toList();
        if (!have.equals(pin.fields())) {
            d.add("fields are " + have + ", the contract pins " + pin.fields());
        }
        String order = PinnedLayout.orderName(pin.order());
        if (!order.startsWith(l.byteOrder())) {
            d.add("byte order is " + l.byteOrder() + ", the contract pins " + order);
        }
        return d;
    }

    /** The report, read with the path resolved inside the process's root (RESOLVE_IN_ROOT); empty when absent. */
    static Optional<String> read(long pid) {
        int root = FileSyscalls.openDir(FileSyscalls.AT_FDCWD, "/proc/" + pid + "/root/"); // the slash follows the magic link (openDir will not)
        try {
            int fd;
            try {
                fd = FileSyscalls.openat2(root, HalReport.PATH.substring(1), Libc.O_RDONLY | Libc.O_CLOEXEC, 0,
                        FileSyscalls.RESOLVE_IN_ROOT | FileSyscalls.RESOLVE_NO_MAGICLINKS);
            } catch (ErrnoException e) {
                if (e.is(Errno.ENOENT)) {
                    return Optional.empty();
                }
                throw e;
            }
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = FdIo.read(fd, buf, 0, buf.length, HalReport.PATH)) > 0) {
                    out.write(buf, 0, n);
                    if (out.size() > MAX_REPORT) {
                        throw new IllegalStateException(HalReport.PATH + " is larger than " + MAX_REPORT + " bytes");
                    }
                }
                return Optional.of(out.toString(StandardCharsets.UTF_8));
            } finally {
                FileSyscalls.close(fd);
            }
        } finally {
            FileSyscalls.close(root);
        }
    }
}
