package uk.ilrledger.schemas.values;

import uk.ilrledger.schemas.ilr.xml.IlrCharacters;

/**
 * The characters a learner's FamilyName or GivenNames may be entered with: the ILR's character set
 * ({@link IlrCharacters#RESTRICTED}) without digits, and the letters of the Latin alphabet with their
 * accents, precomposed or combining, and the typographic apostrophe (O’Brien). The schema's own name
 * pattern allows any character but digits, {@code |}, {@code "}, tab and line breaks, so a name in
 * Chinese, an emoji or a right-to-left override passes it, but no UK system downstream can match such
 * a name to the learner. A person typing a name is refused these; a file holding one records it as a
 * finding (decision 18).
 */
public final class NameCharacters {

    private static final int RIGHT_SINGLE_QUOTATION_MARK = 0x2019;

    private NameCharacters() {
    }

    public static boolean allows(int c) {
        if (c >= '0' && c <= '9') {
            return false;
        }
        return IlrCharacters.RESTRICTED.allows(c)
                || Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN
                || c >= 0x0300 && c <= 0x036F
                || c == RIGHT_SINGLE_QUOTATION_MARK;
    }

    /** Why {@code name} cannot be entered, or null when it can (and when it is null). */
    public static String refusal(String name) {
        if (name == null) {
            return null;
        }
        int refused = name.codePoints().filter(c -> !allows(c)).findFirst().orElse(-1);
        return refused < 0 ? null : shown(refused) + " is not allowed in a name: Latin letters, with their "
                + "accents, and the ILR's character set without digits (space ~!@#$%&'()*+,-./:;<=>?[\\]_{}^ £ €)";
    }

    /** A letter or a pictograph as itself and its code; anything that could reorder or hide text by its code alone. */
    private static String shown(int c) {
        String code = String.format("U+%04X", c);
        return Character.isLetter(c) || Character.getType(c) == Character.OTHER_SYMBOL ? "'" + Character.toString(c)
                + "' (" + code + ")" : code;
    }
}
