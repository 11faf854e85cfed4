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
 * cluster per client, one bar per series), the median as the bar, the min–max over the rounds as a whisker, and the
 * median written above it.
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

    private static void panel(Graphics2D g, Panel panel) {
        int left = 70;
        int right = W - 15;
        int top = 40;
        int bottom = H - 45;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(panel.title(), 12, 20);
        double max = 0;
        for (double[][] v : panel.groups().values()) {
            for (double[] s : v) {
                max = Math.max(max, Double.isNaN(s[2]) ? 0 : s[2]);
            }
        }
        max = max <= 0 ? 1 : niceCeiling(max * 1.12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t <= 4; t++) {
            double value = max * t / 4;
            int y = bottom - (int) Math.round((bottom - top) * t / 4.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = compact(value);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
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
                int y = bottom - (int) Math.round((bottom - top) * v[0] / max);
                g.setColor(series == 1 ? CLIENT_COLORS[c % CLIENT_COLORS.length] : SERIES_COLORS[s % SERIES_COLORS.length]);
                g.fillRect(x, y, w, bottom - y);
                int yMin = bottom - (int) Math.round((bottom - top) * v[1] / max);
                int yMax = bottom - (int) Math.round((bottom - top) * v[2] / max);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1.2f));
                int mid = x + w / 2;
                g.drawLine(mid, yMin, mid, yMax);
                g.drawLine(mid - 4, yMin, mid + 4, yMin);
                g.drawLine(mid - 4, yMax, mid + 4, yMax);
                String label = compact(v[0]);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, series == 1 ? 11 : 9));
                int lw = g.getFontMetrics().stringWidth(label);
                g.drawString(label, mid - lw / 2, Math.min(y, yMax) - 3);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            }
            g.setColor(Color.BLACK);
            String name = e.getKey();
            g.drawString(name, (int) Math.round(left + slot * c + (slot - fm.stringWidth(name)) / 2), bottom + 16);
            c++;
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        if (series > 1) {
            int x = left;
            for (int s = 0; s < series; s++) {
                g.setColor(SERIES_COLORS[s % SERIES_COLORS.length]);
                g.fillRect(x, bottom + 26, 10, 10);
                g.setColor(Color.BLACK);
                g.drawString(panel.series().get(s), x + 14, bottom + 35);
                x += 70;
            }
        }
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
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
