package uk.ilrledger.schemas.ilr.xml;

/** The character sets of the ILR schema's text elements. */
public enum IlrCharacters {

    /** {@code RestrictedString}: ASCII letters and digits, space, {@code ~!@#$%&'()*+,-./:;<=>?[\]_{}^}, £ and €. */
    RESTRICTED("the DfE's character set (A-Z, a-z, 0-9, space, ~!@#$%&'()*+,-./:;<=>?[\\]_{}^ £ €)") {
        @Override
        public boolean allows(int c) {
            return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' '
                    || "~!@#$%&'()*+,-./:;<=>?[\\]_{}^".indexOf(c) >= 0 || c == '£' || c == '€';
        }
    },

    /**
     * FamilyName and GivenNames: any character but ASCII digits, {@code |}, {@code "}, tab and line
     * breaks, so accents and apostrophes are fine. Characters XML 1.0 cannot carry are refused too.
     */
    NAME("a name (no digits, |, \", tab or line break)") {
        @Override
        public boolean allows(int c) {
            return !(c >= '0' && c <= '9') && c != '|' && c != '"' && c != '\t' && c != '\r' && c != '\n'
                    && (c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF);
        }
    },

    /** LearnRefNumber and PrevLearnRefNumber: RestrictedString narrowed to letters, digits and spaces. */
    REFERENCE("a LearnRefNumber (A-Z, a-z, 0-9 and space)") {
        @Override
        public boolean allows(int c) {
            return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' ';
        }
    },

    /** CampId: letters and digits only. */
    ALPHANUMERIC("letters and digits (A-Z, a-z, 0-9)") {
        @Override
        public boolean allows(int c) {
            return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
        }
    },

    /** TelNo and UCASPERID: digits only. */
    DIGITS("digits (0-9)") {
        @Override
        public boolean allows(int c) {
            return c >= '0' && c <= '9';
        }
    },

    /** AddLine1 to AddLine4: RestrictedString narrowed to letters, digits, space and {@code ~!@&'\()*+,-./:;}. */
    ADDRESS("an address line (A-Z, a-z, 0-9, space, ~!@&'\\()*+,-./:;)") {
        @Override
        public boolean allows(int c) {
            return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' '
                    || "~!@&'\\()*+,-./:;".indexOf(c) >= 0;
        }
    };

    private final String description;

    IlrCharacters(String description) {
        this.description = description;
    }

    public abstract boolean allows(int codePoint);

    /** The first character of {@code text} the set refuses, or -1. */
    public int firstRefused(String text) {
        return text.codePoints().filter(c -> !allows(c)).findFirst().orElse(-1);
    }

    public String description() {
        return description;
    }

    /** {@code 'é' (U+00E9)}, or just {@code U+0009} for a character that does not print. */
    public static String shown(int c) {
        String code = String.format("U+%04X", c);
        return Character.isISOControl(c) || Character.isWhitespace(c) && c != ' ' || !Character.isDefined(c)
                || Character.getType(c) == Character.SURROGATE ? code : "'" + Character.toString(c) + "' (" + code + ")";
    }
}
