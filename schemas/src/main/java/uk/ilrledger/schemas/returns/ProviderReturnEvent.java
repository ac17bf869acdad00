package uk.ilrledger.schemas.returns;

import uk.ilrledger.schemas.values.CollectionYear;
import uk.ilrledger.schemas.values.Ukprn;

/** Facts about a provider's returns of one collection year: one stream per UKPRN and year. */
public sealed interface ProviderReturnEvent permits ReturnSubmitted {

    Ukprn ukprn();

    CollectionYear year();

    /** The stream: {@code 10000001:2526}. */
    default String streamId() {
        return ukprn() + ":" + year().code();
    }
}
