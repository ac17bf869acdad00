package uk.ilrledger.schemas.ilr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Whether stored JSON may hold a personal value decides whether the event store opens and erases it or
 * binds it straight: a "no" for JSON that holds one would show an erased learner's values.
 */
class PersonalFieldsTest {

    private static boolean mayName(String json) {
        return PersonalFields.mayName(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void jsonHoldingAPersonalValueOrASealedOneMayNameOne() {
        assertThat(mayName("{\"learner\":{\"ukprn\":1},\"record\":{\"uln\":1,\"familyName\":\"Ward\"}}")).isTrue();
        assertThat(mayName("{\"changes\":[{\"entity\":\"Learner\",\"field\":\"postcode\",\"oldValue\":\"A\"}]}")).isTrue();
        assertThat(mayName("{\"email\":{\"$sealed\":\"k\",\"field\":\"email\",\"value\":\"x\"}}")).isTrue();
        assertThat(mayName("{\"llddAndHealthProblems\":[]}")).isTrue();
        // A name written with escapes is still a name, so any string with escapes counts as one.
        assertThat(mayName("{\"telN\\u006f\":\"1\"}")).isTrue();
        assertThat(mayName("{\"reason\":\"said \\\"hi\\\"\"}")).isTrue();
    }

    @Test
    void jsonNamingNoPersonalFieldMayNot() {
        assertThat(mayName("{\"learner\":{\"ukprn\":10000001,\"learnRefNumber\":\"L1\"},\"aims\":[\"ZPROG001\"],"
                + "\"learningDelivery\":{\"learnAimRef\":\"ZPROG001\",\"delLocPostCode\":\"ZX1 1AA\"},"
                + "\"reason\":\"the employer's postcode changed\"}")).isFalse();
        assertThat(mayName("{\"changes\":[{\"entity\":\"LearningDelivery\",\"field\":\"outcome\",\"newValue\":1}]}")).isFalse();
        assertThat(mayName("{}")).isFalse();
    }
}
