package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.List;
import uk.ilrledger.schemas.problems.DomainProblem;

/** Structural checks shared by the ILR records' constructors. */
final class Require {

    private Require() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw DomainProblem.invalid(field, field + " is required");
        }
        return value;
    }

    static String text(String value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty() || value.length() > maxLength) {
            throw DomainProblem.invalid(field, field + " must be 1 to " + maxLength + " characters");
        }
        return value;
    }

    static void notBefore(LocalDate later, LocalDate earlier, String field, String earlierField) {
        if (later != null && earlier != null && later.isBefore(earlier)) {
            throw DomainProblem.invalid(field, field + " " + later + " is before " + earlierField + " " + earlier);
        }
    }

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
