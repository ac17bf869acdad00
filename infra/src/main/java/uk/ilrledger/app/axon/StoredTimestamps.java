package uk.ilrledger.app.axon;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.common.DateTimeUtils;

/**
 * An event's {@code time_stamp} as the store holds it. Axon writes every timestamp in one shape, UTC to
 * the millisecond ({@code 2026-12-08T00:39:01.123Z}, {@link DateTimeUtils#formatInstant}); that shape is
 * read field by field here. Anything else (another offset, more or fewer digits, a leap second, no
 * date at all) is left to Axon's own parser, which reads it or refuses it as it always has.
 *
 * <p>Why not only Axon's parser: it is a general {@code DateTimeFormatter}, and reading the store for a
 * rebuild spent a quarter of its reading thread in it.
 */
final class StoredTimestamps {

    private static final int LENGTH = "2026-12-08T00:39:01.123Z".length();

    private StoredTimestamps() {
    }

    static Instant parse(String stored) {
        Instant fast = axonShape(stored);
        return fast != null ? fast : DateTimeUtils.parseInstant(stored);
    }

    /** The instant {@code stored} names if it has exactly the shape Axon writes, else null. */
    private static Instant axonShape(String s) {
        if (s.length() != LENGTH || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int millis = digits(s, 20, 3);
        if ((year | month | day | hour | minute | second | millis) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
        } catch (DateTimeException notADate) {
            return null;
        }
    }

    /** The decimal number of {@code count} digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
