package io.edgefusion.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Left-aligned text columns sized to their widest cell, the way {@code docker ps} prints. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** A table with these column headers; all-empty headers print no header line. */
    public Table(String... header) {
        columns = header.length;
        rows.add(header);
    }

    public Table row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(r);
        return this;
    }

    public void print(PrintWriter out, String indent) {
        int[] w = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        boolean headless = java.util.Arrays.stream(rows.getFirst()).allMatch(String::isEmpty);
        for (String[] r : headless ? rows.subList(1, rows.size()) : rows) {
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                sb.append(r[i]);
                if (i < columns - 1) {
                    sb.append(" ".repeat(w[i] - r[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
