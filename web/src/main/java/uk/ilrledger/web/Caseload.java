package uk.ilrledger.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each month of a caseload, counted from the learners' programme aims as the current record has them
 * (so as in effect, with everything known now): where each learner stands at the month's end by the
 * latest programme aim started by then (on programme, on a break, or with the outcome pending: learning
 * ended and the outcome not yet known then), and those withdrawn or completed during the month.
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
        Map<String, List<LearnerDirectory.ProgrammeAim>> byLearner = new LinkedHashMap<>();
        aims.forEach(aim -> byLearner.computeIfAbsent(aim.learner(), k -> new ArrayList<>()).add(aim));
        List<Month> months = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            int[] counts = new int[Standing.values().length];
            for (List<LearnerDirectory.ProgrammeAim> learner : byLearner.values()) {
                Standing standing = standing(learner, month);
                if (standing != null) {
                    counts[standing.ordinal()]++;
                }
            }
            months.add(new Month(month, counts));
        }
        return new Caseload(months);
    }

    /**
     * Where the learner stands at the end of {@code month}, by their programme aim started last by then
     * (a restart's aim takes over from the break's); null when they are not part of that month's caseload.
     */
    static Standing standing(List<LearnerDirectory.ProgrammeAim> aims, YearMonth month) {
        LocalDate end = month.atEndOfMonth();
        LearnerDirectory.ProgrammeAim aim = null;
        for (LearnerDirectory.ProgrammeAim candidate : aims) {
            if (candidate.start() != null && !candidate.start().isAfter(end)
                    && (aim == null || !candidate.start().isBefore(aim.start()))) {
                aim = candidate;
            }
        }
        if (aim == null) {
            return null;
        }
        if (aim.actualEnd() == null || aim.actualEnd().isAfter(end)) {
            return Standing.ON_PROGRAMME;
        }
        int status = aim.compStatus() == null ? 1 : aim.compStatus();
        return switch (status) {
            case 6 -> Standing.ON_A_BREAK;
            case 3 -> YearMonth.from(aim.actualEnd()).equals(month) ? Standing.WITHDRAWN : null;
            case 2 -> {
                // Completed learning: the outcome is pending until it is known (Outcome 8, or achieved later).
                boolean pending = aim.outcome() == null || aim.outcome() == 8
                        || aim.achDate() != null && aim.achDate().isAfter(end);
                LocalDate completed = aim.achDate() != null ? aim.achDate() : aim.actualEnd();
                yield pending ? Standing.OUTCOME_PENDING
                        : YearMonth.from(completed).equals(month) ? Standing.COMPLETED : null;
            }
            // Still CompStatus 1 after its last day of learning: the end-point assessment is awaited.
            default -> Standing.OUTCOME_PENDING;
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
