package uk.ilrledger.schemas.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.learner.LearnerWithdrawn;
import uk.ilrledger.schemas.learner.RecordCorrected;
import uk.ilrledger.schemas.returns.ReturnSubmitted;

class EventTypeNamesTest {

    /**
     * The names events are stored under. Renaming an event class must not change its stored name:
     * if this list changes, the stored events under the old name need an entry in FORMER_NAMES.
     */
    @Test
    void everyEventIsStoredUnderItsPinnedName() {
        assertThat(EventTypeNames.names()).containsExactlyInAnyOrder(
                "LearnerRegistered", "ChangeRaised", "ChangeApproved", "ChangeRejected", "QaVerified",
                "ErasureRequested", "LearnerErased",
                "LearnerWithdrawn", "BreakInLearningStarted", "LearningRestarted", "EmployerChanged",
                "PriorLearningRecognised", "AimCompleted", "EndPointAssessmentRecorded", "PriceChanged", "ContractTypeChanged",
                "LearnerDidNotReturn", "AimAdded", "AimRemoved",
                "LearnerFamsChanged", "DeliveryFamsChanged", "OutcomeRecorded", "AimForceIncluded", "RecordCorrected",
                "ReturnSubmitted");
    }

    @Test
    void aNameAndItsEventClassTranslateBothWays() {
        assertThat(EventTypeNames.nameOf(LearnerWithdrawn.class)).contains("LearnerWithdrawn");
        assertThat(EventTypeNames.typeOf("LearnerWithdrawn")).contains(LearnerWithdrawn.class);
        assertThat(EventTypeNames.typeOf("ReturnSubmitted")).contains(ReturnSubmitted.class);
        assertThat(EventTypeNames.nameOf(String.class)).isEmpty();
    }

    @Test
    void eventsStoredUnderTheirJavaClassNameBeforeStableNamesAreStillRead() {
        assertThat(EventTypeNames.typeOf("uk.ilrledger.schemas.learner.RecordCorrected")).contains(RecordCorrected.class);
        assertThat(EventTypeNames.typeOf("uk.ilrledger.schemas.elsewhere.RecordCorrected")).isEmpty();
    }

    @Test
    void anUnknownNameThatClaimsToBeALedgerEventIsRecognisedAsSuch() {
        assertThat(EventTypeNames.typeOf("LearnerTeleported")).isEmpty();
        assertThat(EventTypeNames.claimsLedgerEvent("LearnerTeleported")).isTrue();
        assertThat(EventTypeNames.claimsLedgerEvent("uk.ilrledger.schemas.learner.LearnerTeleported")).isTrue();
        assertThat(EventTypeNames.claimsLedgerEvent("org.axonframework.messaging.MetaData")).isFalse();
        assertThat(EventTypeNames.claimsLedgerEvent("empty")).isFalse();
    }
}
