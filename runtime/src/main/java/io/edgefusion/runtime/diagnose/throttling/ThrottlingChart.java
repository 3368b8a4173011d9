package io.edgefusion.runtime.diagnose.throttling;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Throttled time per sampling interval as bars and GC pauses as marks on one time axis: SVG by hand, PNG through
 * AWT (a BufferedImage needs no display). Both draw the same geometry.
 */
public final class ThrottlingChart {
    static final int W = 1000;
    static final int H = 300;
    static final int LEFT = 50;
    static final int TOP = 30;
    static final int PLOT_H = 180;
    static final int PAUSE_Y = TOP + PLOT_H + 20;

    private ThrottlingChart() {
    }

    /** Writes {@code file}: .svg or .png by its name. */
    public static void write(ThrottlingDiagnosis d, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".svg")) {
                Files.writeString(file, svg(d));
            } else if (name.endsWith(".png")) {
                ImageIO.write(png(d), "png", file.toFile());
            } else {
                throw new IllegalArgumentException("--chart " + file + ": the name must end in .svg or .png");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--chart " + file + ": " + e.getMessage(), e);
        }
    }

    private record Geometry(long from, long span, long maxThrottled) {
        double x(long t) {
            return LEFT + (double) (t - from) / span * (W - LEFT - 20);
        }

        double h(long throttled) {
            return (double) throttled / maxThrottled * PLOT_H;
        }
    }

    private static Geometry geometry(Correlation c) {
        long max = 1;
        for (Correlation.Interval iv : c.intervals()) {
            max = Math.max(max, iv.throttledNanos());
        }
        return new Geometry(c.windowStartNanos(), Math.max(1, c.windowEndNanos() - c.windowStartNanos()), max);
    }

    static String svg(ThrottlingDiagnosis d) {
        Correlation c = d.correlation();
        Geometry g = geometry(c);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\">%s — %s</text>%n", LEFT, esc(d.target()),
                esc(d.verdict().label())));
        b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%.1f ms</text>%n", TOP + 10, g.maxThrottled / 1e6));
        for (Correlation.Interval iv : c.intervals()) {
            if (iv.throttledNanos() > 0 || iv.throttled()) {
                double x = g.x(iv.startNanos());
                double w = Math.max(0.5, g.x(iv.endNanos()) - x);
                double h = Math.max(1, g.h(iv.throttledNanos()));
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " fill=\"#d9534f\"/>%n", x, TOP + PLOT_H - h, w, h));
            }
        }
        for (Correlation.PauseOverlap p : c.pauses()) {
            double x = g.x(p.pause().startNanos());
            double w = Math.max(1, g.x(p.pause().endNanos()) - x);
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\">"
                    + "<title>GC %d %s %.3f ms</title></rect>%n", x, PAUSE_Y, w,
                    p.overlaps() ? "#f0ad4e" : "#337ab7", p.pause().gc(), esc(p.pause().label()),
                    p.pause().durationNanos() / 1e6));
        }
        int axis = PAUSE_Y + 30;
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                LEFT, axis, W - 20, axis));
        long seconds = g.span / 1_000_000_000L;
        for (long s = 0; s <= seconds; s++) {
            double x = g.x(g.from + s * 1_000_000_000L);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>%n", x,
                    axis + 16, s));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">red: throttled time per %d ms interval;"
                + " marks: GC pauses (orange = inside a throttled stretch)</text>%n", LEFT, H - 6,
                CpuStatSampler.INTERVAL.toMillis()));
        return b.append("</svg>\n").toString();
    }

    static BufferedImage png(ThrottlingDiagnosis d) {
        Correlation c = d.correlation();
        Geometry g = geometry(c);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = img.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        gr.setColor(Color.WHITE);
        gr.fillRect(0, 0, W, H);
        gr.setColor(Color.BLACK);
        gr.drawString(d.target() + " — " + d.verdict().label(), LEFT, 18);
        gr.setColor(new Color(0xd9534f));
        for (Correlation.Interval iv : c.intervals()) {
            if (iv.throttledNanos() > 0 || iv.throttled()) {
                int x = (int) g.x(iv.startNanos());
                int w = Math.max(1, (int) (g.x(iv.endNanos()) - x));
                int h = Math.max(1, (int) g.h(iv.throttledNanos()));
                gr.fillRect(x, TOP + PLOT_H - h, w, h);
            }
        }
        for (Correlation.PauseOverlap p : c.pauses()) {
            gr.setColor(new Color(p.overlaps() ? 0xf0ad4e : 0x337ab7));
            int x = (int) g.x(p.pause().startNanos());
            gr.fillRect(x, PAUSE_Y, Math.max(1, (int) (g.x(p.pause().endNanos()) - x)), 14);
        }
        gr.setColor(Color.BLACK);
        gr.setStroke(new BasicStroke(1));
        int axis = PAUSE_Y + 30;
        gr.drawLine(LEFT, axis, W - 20, axis);
        for (long s = 0; s <= g.span / 1_000_000_000L; s++) {
            gr.drawString(s + "s", (int) g.x(g.from + s * 1_000_000_000L) - 6, axis + 16);
        }
        gr.dispose();
        return img;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
