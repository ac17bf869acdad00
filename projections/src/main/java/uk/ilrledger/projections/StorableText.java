package uk.ilrledger.projections;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text as PostgreSQL can hold it. A {@code text} column refuses U+0000 and a {@code jsonb} value
 * refuses the escape {@code \u0000}, yet an event may carry one (the event store keeps payloads as
 * bytes). Projections write it as U+FFFD, the replacement character, so one odd character never stops
 * a projection; the event itself is left as it was recorded.
 */
public final class StorableText {

    public static final char NUL = '\u0000';
    public static final char REPLACEMENT = '\uFFFD';

    /** {@code \u0000} in JSON text, not preceded by an escaping backslash (an even run of them is fine). */
    private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private StorableText() {
    }

    /** A value for a text column. */
    public static String of(String text) {
        return text == null || text.indexOf(NUL) < 0 ? text : text.replace(NUL, REPLACEMENT);
    }

    /** JSON text for a jsonb column: every string's U+0000, escaped or not, becomes U+FFFD. */
    public static String json(String json) {
        String text = of(json);
        if (text == null || !text.contains("\\u0000")) {
            return text;
        }
        return JSON_NUL.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + "\\uFFFD"));
    }
}
