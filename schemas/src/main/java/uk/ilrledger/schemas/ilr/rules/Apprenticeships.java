package uk.ilrledger.schemas.ilr.rules;

import java.util.Objects;
import uk.ilrledger.schemas.ilr.LearningDelivery;

/** Which aims the DfE's apprenticeship rules apply to. */
public final class Apprenticeships {

    private Apprenticeships() {
    }

    /** An apprenticeship standard: FundModel 36, ProgType 25. */
    public static boolean standard(LearningDelivery aim) {
        return Objects.equals(aim.fundModel(), 36) && Objects.equals(aim.progType(), 25);
    }

    /** The only aims that may hold an AchDate (AchDate_09): a programme aim of a traineeship or a standard. */
    public static boolean mayHoldAchDate(LearningDelivery aim) {
        return aim.programmeAim() && (Objects.equals(aim.progType(), 24)
                || Objects.equals(aim.progType(), 25) && (Objects.equals(aim.fundModel(), 36)
                        || Objects.equals(aim.fundModel(), 81)));
    }
}
