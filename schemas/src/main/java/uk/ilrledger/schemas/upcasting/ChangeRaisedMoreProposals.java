package uk.ilrledger.schemas.upcasting;

import java.util.Map;

/**
 * A ChangeRaised version that allows more proposal types than the one before: version 2 adds
 * END_POINT_ASSESSMENT and PRICE_CHANGE, version 3 CONTRACT_TYPE_CHANGE,
 * DID_NOT_RETURN, ADD_AIM, REMOVE_AIM, LEARNER_FAM and DELIVERY_FAM.
 * Every earlier proposal is a later one as it stands, so the JSON carries over unchanged; the version
 * is raised so that a consumer written for the earlier one knows to expect the new types.
 */
public final class ChangeRaisedMoreProposals implements EventUpcaster {

    private final int fromVersion;

    public ChangeRaisedMoreProposals(int fromVersion) {
        this.fromVersion = fromVersion;
    }

    @Override
    public String eventType() {
        return "ChangeRaised";
    }

    @Override
    public int fromVersion() {
        return fromVersion;
    }

    @Override
    public Map<String, Object> upcast(Map<String, Object> event) {
        return event;
    }
}
