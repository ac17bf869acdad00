package uk.ilrledger.query.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.ilr.IlrLearner;
import uk.ilrledger.schemas.ilr.xml.IlrSchema;
import uk.ilrledger.schemas.ilr.xml.IlrValueChecks;
import uk.ilrledger.schemas.ilr.xml.Learners;
import uk.ilrledger.schemas.problems.DomainProblem;

/** A return the year's schema would refuse is one 400 listing every offending value, nothing exported. */
class UnexportableReturnTest {

    @Test
    void everyOffendingValueOfEveryLearnerIsReportedInOneError() {
        IlrLearner first = Learners.withGivenNames(Learners.withName(Learners.apprentice("LRN001"), "O\"Neil"), "Ann\tMarie");
        IlrLearner fine = Learners.apprentice("LRN002");
        IlrLearner third = Learners.withFirstAim(Learners.apprentice("LRN003"), aim -> aim.epaOrgId = "EPA`001");

        UnexportableReturn problem = new UnexportableReturn(IlrSchema.Y2526,
                IlrValueChecks.offences(IlrSchema.Y2526, List.of(first, fine, third).iterator()));

        assertThat(problem.kind()).isEqualTo(DomainProblem.Kind.INVALID);
        assertThat(problem.getMessage()).startsWith("3 values the ILR 2025-26 schema refuses; nothing was exported:")
                .contains("learner LRN001, FamilyName \"O\\\"Neil\": '\"' (U+0022) is not allowed in a name")
                .contains("learner LRN001, GivenNames \"Ann\\tMarie\": U+0009 is not allowed in a name")
                .contains("learner LRN003, aim 1, EPAOrgID \"EPA`001\": '`' (U+0060) is not allowed in the DfE's character set");
    }
}
