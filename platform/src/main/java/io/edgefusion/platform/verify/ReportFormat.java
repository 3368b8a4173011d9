package io.edgefusion.platform.verify;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@link VerifyReport} is written: a table for people (violation | contract rule | location | how to fix),
 * JSON for tools, JUnit XML for CI dashboards (one test case per contract rule, a failure per violation).
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
            case JUNIT -> junit(r, out);
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
        sb.append("{\"schema\":\"edgefusion.contract-verify/v1\",\"contract\":").append(q(r.contract()))
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

    private static void junit(VerifyReport r, PrintWriter out) {
        Map<String, List<Violation>> byRule = new LinkedHashMap<>();
        for (Violation v : r.violations()) {
            byRule.computeIfAbsent(v.rule(), k -> new ArrayList<>()).add(v);
        }
        int failures = r.violations().size();
        out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.println("<testsuite name=\"" + x("contract " + r.contract()) + "\" tests=\"" + Math.max(1, byRule.size())
                + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"0\">");
        if (byRule.isEmpty()) {
            out.println("  <testcase classname=\"edgefusion.contract\" name=\"all rules\"/>");
        }
        for (var e : byRule.entrySet()) {
            out.println("  <testcase classname=\"edgefusion.contract\" name=\"" + x(e.getKey()) + "\">");
            for (Violation v : e.getValue()) {
                out.println("    <failure type=\"" + x(v.kind().name()) + "\" message=\"" + x(v.detail() + " at "
                        + v.location().display()) + "\">" + x(v.kind().title() + ": " + v.detail() + "\nat "
                        + v.location().display() + "\nfix: " + v.fix()) + "</failure>");
            }
            out.println("  </testcase>");
        }
        out.println("</testsuite>");
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

    private static String x(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Lower-case names, as {@code --format} takes them. */
    public static List<String> names() {
        return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
    }
}
