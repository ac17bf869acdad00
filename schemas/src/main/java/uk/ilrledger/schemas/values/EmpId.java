package uk.ilrledger.schemas.values;

/**
 * The employer's ERN (EmpId): 9 digits d1..d9 with a check digit. S = 9·d1 + 8·d2 + … + 2·d8,
 * r = 11 − (S mod 11); r = 11 means check 0, r = 10 means no valid EmpId, else the check is r.
 * 999999999 is the temporary "not yet known" value.
 */
public final class EmpId {

    public static final int NOT_KNOWN = 999_999_999;

    private EmpId() {
    }

    public static boolean valid(int empId) {
        if (empId == NOT_KNOWN) {
            return true;
        }
        if (empId < 100_000_000 || empId > 999_999_999) {
            return false;
        }
        String digits = Integer.toString(empId);
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (9 - i) * (digits.charAt(i) - '0');
        }
        int r = 11 - (sum % 11);
        if (r == 10) {
            return false;
        }
        int check = r == 11 ? 0 : r;
        return digits.charAt(8) - '0' == check;
    }
}
