package io.edgefusion.platform.verify;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a {@link VerifyReport} is written: a table for people (violation | contract rule | location | how to fix),
 * JSON for tools, JUnit XML for CI dashboards ({@link JunitReport}).
 */
public enum ReportFormat {
    TABLE, JSON, JUNIT;

    public static ReportFormat parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public void write(VerifyReport r, PrintWriter out) {
        switch (this) {
            case TABLE -> table(r, out);
            case JSON -> json(r, out);
            case JUNIT -> JunitReport.write(r, out);
        }
        out.flush();
    }

    private static void table(VerifyReport r, PrintWriter out) {
        if (r.clean()) {
            out.println("contract " + r.contract() + ": " + r.classesScanned() + " classes, no violations");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"VIOLATION", "CONTRACT RULE", "LOCATION", "HOW TO FIX"});
        for (Violation v : r.violations()) {
            rows.add(new String[] {v.kind().title(), v.ruleText(), v.location().display(), v.fix()});
        }
        int[] w = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                sb.append(row[i]);
                if (i < 3) {
                    sb.append(" ".repeat(w[i] - row[i].length())).append(" | ");
                }
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println();
        out.println("contract " + r.contract() + ": " + r.classesScanned() + " classes, " + r.violations().size()
                + " violation" + (r.violations().size() == 1 ? "" : "s"));
    }

    private static void json(VerifyReport r, PrintWriter out) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"schema\":\"edgefusion.contract.verify/v1\",\"contract\":").append(q(r.contract()))
                .append(",\"classesScanned\":").append(r.classesScanned()).append(",\"violations\":[");
        for (int i = 0; i < r.violations().size(); i++) {
            Violation v = r.violations().get(i);
            sb.append(i == 0 ? "\n  " : ",\n  ").append("{\"kind\":").append(q(v.kind().name()))
                    .append(",\"title\":").append(q(v.kind().title())).append(",\"rule\":").append(q(v.rule()))
                    .append(",\"detail\":").append(q(v.detail())).append(",\"location\":");
            switch (v.location()) {
                case Violation.CodeLocation c -> sb.append("{\"class\":").append(q(c.className()))
                        .append(",\"member\":").append(c.member() == null ? "null" : q(c.member()))
                        .append(",\"file\":").append(c.sourceFile() == null ? "null" : q(c.sourceFile()))
                        .append(",\"line\":").append(c.line()).append('}');
                case Violation.ProfileLocation p -> sb.append("{\"profile\":").append(q(p.at().file()))
                        .append(",\"line\":").append(p.at().line()).append(",\"column\":").append(p.at().column())
                        .append('}');
            }
            sb.append(",\"fix\":").append(q(v.fix())).append('}');
        }
        sb.append(r.violations().isEmpty() ? "]}" : "\n]}");
        out.println(sb);
    }

    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Lower-case names, as {@code --format} takes them. */
    public static List<String> names() {
        return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
    }
}
