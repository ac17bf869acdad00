package uk.ilrledger.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Each month of a caseload, counted from every learner's programme aim as the current record has it:
 * on programme, on a break or with the outcome pending (Outcome 8) at the month's end, and withdrawn
 * or completed during the month.
 */
public record Caseload(List<Month> months) {

    public enum Standing {
        ON_PROGRAMME("On programme", "#1d70b8"),
        ON_A_BREAK("On a break", "#6f3c00"),
        WITHDRAWN("Withdrawn", "#b01b1b"),
        COMPLETED("Completed", "#00703c"),
        OUTCOME_PENDING("Outcome pending", "#4c2c92");

        private final String label;
        private final String colour;

        Standing(String label, String colour) {
            this.label = label;
            this.colour = colour;
        }

        public String label() {
            return label;
        }

        public String colour() {
            return colour;
        }
    }

    public record Month(YearMonth month, int[] counts) {
        public int count(Standing standing) {
            return counts[standing.ordinal()];
        }

        public int total() {
            int total = 0;
            for (int count : counts) {
                total += count;
            }
            return total;
        }
    }

    public static Caseload of(List<LearnerDirectory.ProgrammeAim> aims, YearMonth from, YearMonth to) {
        List<Month> months = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            int[] counts = new int[Standing.values().length];
            for (LearnerDirectory.ProgrammeAim aim : aims) {
                Standing standing = standing(aim, month);
                if (standing != null) {
                    counts[standing.ordinal()]++;
                }
            }
            months.add(new Month(month, counts));
        }
        return new Caseload(months);
    }

    /** Where the learner stands in {@code month}, or null when they are not part of that month's caseload. */
    private static Standing standing(LearnerDirectory.ProgrammeAim aim, YearMonth month) {
        LocalDate end = month.atEndOfMonth();
        if (aim.start() == null || aim.start().isAfter(end)) {
            return null;
        }
        if (aim.actualEnd() == null || aim.actualEnd().isAfter(end)) {
            return Standing.ON_PROGRAMME;
        }
        boolean endedThisMonth = YearMonth.from(aim.actualEnd()).equals(month);
        int status = aim.compStatus() == null ? 1 : aim.compStatus();
        return switch (status) {
            case 6 -> Standing.ON_A_BREAK;
            case 3 -> endedThisMonth ? Standing.WITHDRAWN : null;
            case 2 -> aim.outcome() != null && aim.outcome() == 8 ? Standing.OUTCOME_PENDING
                    : endedThisMonth ? Standing.COMPLETED : null;
            default -> Standing.ON_PROGRAMME;
        };
    }

    /** One rectangle of the stacked bar chart, in the SVG's own units. */
    public record Bar(int x, int y, int width, int height, String colour, String title) {
    }

    public static final int CHART_HEIGHT = 240;
    public static final int BAR_WIDTH = 36;
    public static final int GAP = 16;
    public static final int LEFT = 48;

    public int chartWidth() {
        return LEFT + months.size() * (BAR_WIDTH + GAP);
    }

    public int maxTotal() {
        return Math.max(1, months.stream().mapToInt(Month::total).max().orElse(1));
    }

    /** A month's name under its bar. */
    public record Label(int x, String text) {
    }

    public List<Label> labels() {
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            String name = months.get(i).month().getMonth().getDisplayName(TextStyle.SHORT, Locale.UK);
            labels.add(new Label(LEFT + i * (BAR_WIDTH + GAP) + BAR_WIDTH / 2, name));
        }
        return labels;
    }

    public List<Bar> bars() {
        List<Bar> bars = new ArrayList<>();
        int max = maxTotal();
        for (int i = 0; i < months.size(); i++) {
            Month month = months.get(i);
            int x = LEFT + i * (BAR_WIDTH + GAP);
            int top = CHART_HEIGHT;
            for (Standing standing : Standing.values()) {
                int count = month.count(standing);
                if (count == 0) {
                    continue;
                }
                int height = Math.max(1, Math.round((float) count * CHART_HEIGHT / max));
                top -= height;
                bars.add(new Bar(x, top, BAR_WIDTH, height, standing.colour(),
                        month.month() + ": " + count + " " + standing.label().toLowerCase()));
            }
        }
        return bars;
    }
}
