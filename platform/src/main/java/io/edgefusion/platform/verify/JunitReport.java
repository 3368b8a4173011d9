package io.edgefusion.platform.verify;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verifier's report as JUnit XML, the shape CI dashboards read (Jenkins' and GitLab's junit schema): one
 * {@code <testcase>} per contract rule and class (a profile counts as the class of its stage findings), at most
 * one {@code <failure>} in it — several violations of one rule in one class are listed in that failure's text —
 * and {@code tests}/{@code failures} counting test cases. A clean report is one passing test case.
 */
final class JunitReport {
    /** The class a violation belongs to: the bytecode class, or the profile file for a profile setting. */
    private record Case(String classname, String rule) {
    }

    private JunitReport() {
    }

    static void write(VerifyReport r, PrintWriter out) {
        Map<Case, List<Violation>> cases = new LinkedHashMap<>();
        for (Violation v : r.violations()) {
            cases.computeIfAbsent(new Case(classname(v.location()), v.rule()), k -> new ArrayList<>()).add(v);
        }
        int tests = Math.max(1, cases.size());
        out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.println("<testsuite name=\"" + x("contract " + r.contract()) + "\" tests=\"" + tests + "\" failures=\""
                + cases.size() + "\" errors=\"0\" skipped=\"0\" time=\"0\">");
        if (cases.isEmpty()) {
            out.println("  <testcase classname=\"edgefusion.contract\" name=\"all rules\" time=\"0\"/>");
        }
        for (var e : cases.entrySet()) {
            List<Violation> vs = e.getValue();
            Violation first = vs.getFirst();
            String message = vs.size() == 1 ? first.detail() + " at " + first.location().display()
                    : vs.size() + " violations of " + first.rule() + ", first: " + first.detail() + " at "
                    + first.location().display();
            StringBuilder body = new StringBuilder();
            for (Violation v : vs) {
                body.append(v.kind().title()).append(": ").append(v.detail()).append("\nat ")
                        .append(v.location().display()).append("\nfix: ").append(v.fix()).append('\n');
            }
            out.println("  <testcase classname=\"" + x(e.getKey().classname()) + "\" name=\"" + x(e.getKey().rule())
                    + "\" time=\"0\">");
            out.println("    <failure type=\"" + x(first.kind().name()) + "\" message=\"" + x(message) + "\">"
                    + x(body.toString().strip()) + "</failure>");
            out.println("  </testcase>");
        }
        out.println("</testsuite>");
    }

    private static String classname(Violation.Location l) {
        return switch (l) {
            case Violation.CodeLocation c -> c.className();
            case Violation.ProfileLocation p -> p.at().file();
        };
    }

    private static String x(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    // XML 1.0 allows no other control characters, not even escaped
                    if (ch >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
