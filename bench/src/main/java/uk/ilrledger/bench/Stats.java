package uk.ilrledger.bench;

import java.util.Arrays;
import java.util.Locale;

/** Small figures helpers. */
final class Stats {

    private Stats() {
    }

    /** The {@code p}-th percentile (0..100) of {@code values}, nearest rank. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String rate(double perSecond, String unit) {
        return f("%,.0f %s/s", perSecond, unit);
    }

    static String mb(double bytes) {
        return f("%.1f MB", bytes / 1e6);
    }
}
