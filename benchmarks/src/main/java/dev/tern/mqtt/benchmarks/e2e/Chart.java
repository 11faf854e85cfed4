package dev.tern.mqtt.benchmarks.e2e;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small bar-chart renderer (Java2D, written to PNG with ImageIO): one panel per scenario, a bar per client (or a
 * cluster per client, one bar per series) on a logarithmic axis, the median as the bar, the min–max over the rounds
 * as a whisker, and the median written above it.
 */
final class Chart {

    /** @param groups client -> per series {median, min, max} */
    record Panel(String title, List<String> series, Map<String, double[][]> groups) {
    }

    private static final int COLUMNS = 3;
    private static final int W = 560;
    private static final int H = 320;
    private static final Color[] CLIENT_COLORS = {
        new Color(0x1f77b4), new Color(0x17becf), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x98df8a),
        new Color(0x7f7f7f), new Color(0x9467bd)};
    private static final Color[] SERIES_COLORS = {new Color(0x4c78a8), new Color(0xf58518), new Color(0xe45756)};

    private Chart() {
    }

    static void render(Path file, List<Panel> panels) throws IOException {
        int rows = Math.max(1, (panels.size() + COLUMNS - 1) / COLUMNS);
        BufferedImage image = new BufferedImage(W * COLUMNS, H * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D p = (Graphics2D) g.create((i % COLUMNS) * W, (i / COLUMNS) * H, W, H);
            panel(p, panels.get(i));
            p.dispose();
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** The same colour for a client in every panel. */
    private static Color clientColor(String client, int index) {
        return switch (client) {
            case "tern" -> new Color(0x1f77b4);
            case "tern-blocking" -> new Color(0x6baed6);
            case "hivemq" -> new Color(0xff7f0e);
            case "paho3" -> new Color(0x2ca02c);
            case "paho5" -> new Color(0x98df8a);
            case "raw" -> new Color(0x7f7f7f);
            default -> CLIENT_COLORS[index % CLIENT_COLORS.length];
        };
    }

    /**
     * A logarithmic value axis: the clients of one panel differ by up to three orders of magnitude (the raw socket
     * against the libraries, Nagle-bound Paho against the others), which a linear axis flattens to nothing.
     */
    private static void panel(Graphics2D g, Panel panel) {
        int left = 70;
        int right = W - 15;
        int top = 40;
        int bottom = H - 45;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(panel.title(), 12, 20);
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double[][] v : panel.groups().values()) {
            for (double[] s : v) {
                for (double x : s) {
                    if (!Double.isNaN(x) && x > 0) {
                        max = Math.max(max, x);
                        min = Math.min(min, x);
                    }
                }
            }
        }
        if (max == 0) {
            max = 10;
            min = 1;
        }
        double lo = Math.floor(Math.log10(min));
        double hi = Math.ceil(Math.log10(max * 1.5));
        if (hi <= lo) {
            hi = lo + 1;
        }
        double loF = lo;
        double hiF = hi;
        java.util.function.DoubleUnaryOperator y = v -> v <= 0 ? bottom
                : bottom - (bottom - top) * (Math.log10(v) - loF) / (hiF - loF);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (double e = lo; e <= hi; e++) {
            for (int m : new int[] {1, 2, 5}) {
                double value = m * Math.pow(10, e);
                if (value > Math.pow(10, hi)) {
                    break;
                }
                int yy = (int) Math.round(y.applyAsDouble(value));
                g.setColor(m == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(left, yy, right, yy);
                if (m == 1 || hi - lo <= 2) {
                    g.setColor(Color.DARK_GRAY);
                    String label = compact(value);
                    g.drawString(label, left - 6 - fm.stringWidth(label), yy + 4);
                }
            }
        }
        int clients = panel.groups().size();
        int series = panel.series().size();
        double slot = (right - left) / (double) Math.max(1, clients);
        double barWidth = Math.min(60, slot * 0.7 / series);
        int c = 0;
        for (Map.Entry<String, double[][]> e : panel.groups().entrySet()) {
            double clusterLeft = left + slot * c + (slot - barWidth * series) / 2;
            for (int s = 0; s < series; s++) {
                double[] v = e.getValue()[s];
                int x = (int) Math.round(clusterLeft + barWidth * s);
                int w = (int) Math.round(barWidth) - 2;
                if (Double.isNaN(v[0])) {
                    g.setColor(Color.GRAY);
                    g.drawString("n/a", x, bottom - 4);
                    continue;
                }
                int yv = (int) Math.round(y.applyAsDouble(v[0]));
                g.setColor(series == 1 ? clientColor(e.getKey(), c) : SERIES_COLORS[s % SERIES_COLORS.length]);
                g.fillRect(x, yv, w, bottom - yv);
                int yMin = (int) Math.round(y.applyAsDouble(v[1]));
                int yMax = (int) Math.round(y.applyAsDouble(v[2]));
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1.2f));
                int mid = x + w / 2;
                g.drawLine(mid, yMin, mid, yMax);
                g.drawLine(mid - 4, yMin, mid + 4, yMin);
                g.drawLine(mid - 4, yMax, mid + 4, yMax);
                String label = compact(v[0]);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, series == 1 ? 11 : 9));
                int lw = g.getFontMetrics().stringWidth(label);
                g.drawString(label, mid - lw / 2, Math.min(yv, yMax) - 3);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            }
            g.setColor(Color.BLACK);
            String name = e.getKey();
            g.drawString(name, (int) Math.round(left + slot * c + (slot - fm.stringWidth(name)) / 2), bottom + 16);
            c++;
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        g.setColor(Color.GRAY);
        g.drawString("log scale; bar = median, whisker = min–max", right - 250, bottom + 35);
        if (series > 1) {
            int x = left;
            for (int s = 0; s < series; s++) {
                g.setColor(SERIES_COLORS[s % SERIES_COLORS.length]);
                g.fillRect(x, bottom + 26, 10, 10);
                g.setColor(Color.BLACK);
                g.drawString(panel.series().get(s), x + 14, bottom + 35);
                x += 60;
            }
        }
    }

    static String compact(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        if (v >= 10 || v == 0) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
