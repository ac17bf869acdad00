package uk.ilrledger.schemas.ilr.xml;

/**
 * A value the year's schema would refuse: whose it is (learner, and aim when it belongs to one), the
 * ILR element and the API field, the value, the first character refused when that is the reason, and
 * where the value sits in the learner's JSON ({@code learningDeliveries[0].epaOrgId}).
 */
public record Offence(String learnRefNumber, Integer aimSeqNumber, String element, String field, String value,
        String character, String reason, String path) {

    /** {@code learner LRN001, aim 2, EPAOrgID "EPA00001": 8 characters; the schema allows 1 to 7}. */
    public String message() {
        return "learner " + learnRefNumber + (aimSeqNumber == null ? "" : ", aim " + aimSeqNumber) + ", " + element
                + (value == null ? "" : " " + quoted(value)) + ": " + reason;
    }

    /** The value in quotes, with tabs, line breaks and other invisible characters spelled out. */
    static String quoted(String value) {
        StringBuilder shown = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '\t' -> shown.append("\\t");
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '"' -> shown.append("\\\"");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                        shown.append(String.format("\\u%04X", c));
                    } else {
                        shown.appendCodePoint(c);
                    }
                }
            }
        });
        return shown.append('"').toString();
    }
}
