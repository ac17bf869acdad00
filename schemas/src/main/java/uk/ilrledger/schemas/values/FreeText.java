package uk.ilrledger.schemas.values;

import uk.ilrledger.schemas.problems.DomainProblem;

/**
 * Text a person writes into the ledger: a change's reason, an approver's comment, a string value of a
 * proposal. It is stored in events for ever, shown in every history and may be written into an ILR
 * file, so it holds only characters XML 1.0 can carry, which are also the ones a PostgreSQL text
 * column can: no U+0000 or other control characters but tab and line breaks, no unpaired surrogate,
 * no U+FFFE or U+FFFF.
 */
public final class FreeText {

    private FreeText() {
    }

    /** Whether XML 1.0 can carry the character (its {@code Char} production). */
    public static boolean xmlCharacter(int c) {
        return c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || c >= 0x10000 && c <= 0x10FFFF;
    }

    /** Why {@code text} cannot be stored, or null when it can. Lengths count characters, not UTF-16 units. */
    public static String refusal(String text, int maxLength) {
        int length = text.codePointCount(0, text.length());
        if (length > maxLength) {
            return length + " characters; at most " + maxLength + " are allowed";
        }
        int at = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!xmlCharacter(c)) {
                return String.format("U+%04X at character %d cannot be stored (control characters other than tab "
                        + "and line breaks, and characters XML 1.0 cannot carry, are refused)", c, at + 1);
            }
            i += Character.charCount(c);
            at++;
        }
        return null;
    }

    /** {@code text} when it can be stored, else a 400 naming {@code field}. Null passes: callers decide what is required. */
    public static String check(String field, String text, int maxLength) {
        if (text == null) {
            return null;
        }
        String refusal = refusal(text, maxLength);
        if (refusal != null) {
            throw DomainProblem.invalid(field, refusal);
        }
        return text;
    }

    /**
     * {@code name} when it is a file's name as a person would give it, else a 400 naming {@code field}:
     * text that can be stored (above) without tabs or line breaks either, and not a path (no {@code /}
     * or {@code \}, not only dots). Null passes.
     */
    public static String fileName(String field, String name, int maxLength) {
        check(field, name, maxLength);
        if (name == null) {
            return null;
        }
        int control = name.codePoints().filter(Character::isISOControl).findFirst().orElse(-1);
        if (control >= 0) {
            throw DomainProblem.invalid(field, String.format("U+%04X: a file name holds no control characters", control));
        }
        if (name.contains("/") || name.contains("\\") || name.matches("\\.+")) {
            throw DomainProblem.invalid(field, "a file name is a name, not a path: '" + name + "'");
        }
        return name;
    }
}
