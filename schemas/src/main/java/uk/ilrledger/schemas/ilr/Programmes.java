package uk.ilrledger.schemas.ilr;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/** How aims belong together: a component to its programme aim, a restart to the aim it continues. */
public final class Programmes {

    private Programmes() {
    }

    /**
     * An aim has restarted when a later aim continues it: the same LearnAimRef, this aim's original
     * start as OrigLearnStartDate, started after this aim ended, and a RES FAM.
     */
    public static boolean restarted(IlrLearner record, LearningDelivery aim) {
        LocalDate original = aim.origLearnStartDate() != null ? aim.origLearnStartDate() : aim.learnStartDate();
        return aim.learnActEndDate() != null && record.learningDeliveries().stream().anyMatch(other -> other != aim
                && other.learnAimRef().equals(aim.learnAimRef())
                && original.equals(other.origLearnStartDate())
                && other.learnStartDate().isAfter(aim.learnActEndDate())
                && other.learningDeliveryFams().stream().anyMatch(f -> "RES".equals(f.learnDelFAMType())));
    }

    /**
     * The programme aim (AimType 1) a component belongs to: same ProgType and StdCode, the latest
     * LearnStartDate on or before the component's own. So a restart's aims form a new programme and
     * the original ones keep theirs.
     */
    public static Optional<LearningDelivery> programmeOf(IlrLearner record, LearningDelivery component) {
        return record.learningDeliveries().stream()
                .filter(LearningDelivery::programmeAim)
                .filter(p -> Objects.equals(p.progType(), component.progType())
                        && Objects.equals(p.stdCode(), component.stdCode())
                        && !p.learnStartDate().isAfter(component.learnStartDate()))
                .max(Comparator.comparing(LearningDelivery::learnStartDate));
    }
}
