package uk.ilrledger.schemas.upcasting;

import java.util.Map;

/**
 * ChangeRaised version 2 allows two more proposal types (END_POINT_ASSESSMENT, PRICE_CHANGE). Every
 * version 1 proposal is a version 2 proposal as it stands, so the JSON carries over unchanged; the
 * version is raised so that a consumer written for version 1 knows to expect the new types.
 */
public final class ChangeRaisedMoreProposals implements EventUpcaster {

    @Override
    public String eventType() {
        return "ChangeRaised";
    }

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public Map<String, Object> upcast(Map<String, Object> event) {
        return event;
    }
}
