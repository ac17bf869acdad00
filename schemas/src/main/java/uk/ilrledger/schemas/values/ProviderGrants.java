package uk.ilrledger.schemas.values;

import java.util.Collection;

/**
 * Which providers a user may see: one authority {@code UKPRN_12345678} per granted UKPRN, or
 * {@code UKPRN_ALL}. Every user is limited to the UKPRNs they are granted.
 */
public final class ProviderGrants {

    public static final String PREFIX = "UKPRN_";
    public static final String ALL = PREFIX + "ALL";

    private ProviderGrants() {
    }

    public static String authority(Ukprn ukprn) {
        return PREFIX + ukprn;
    }

    public static boolean allows(Collection<String> authorities, Ukprn ukprn) {
        return authorities.contains(ALL) || authorities.contains(authority(ukprn));
    }
}
