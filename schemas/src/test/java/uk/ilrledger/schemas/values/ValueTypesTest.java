package uk.ilrledger.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.ilrledger.schemas.problems.DomainProblem;

class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(longs = {1000000000L, 9999999999L, 1000000019L})
    void ulnsWithAValidCheckDigitAreAccepted(long uln) {
        assertThat(new Uln(uln).value()).isEqualTo(uln);
    }

    @ParameterizedTest
    @ValueSource(longs = {999999999L, 10000000000L})
    void ulnsOfAnotherLengthAreRefusedNamingTheField(long uln) {
        assertThatThrownBy(() -> new Uln(uln))
                .isInstanceOfSatisfying(DomainProblem.class, p -> assertThat(p.field()).isEqualTo("uln"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1234567890L, 1000000001L})
    void aUlnFailingItsCheckDigitIsHeldAsGivenAndSaysSo(long uln) {
        // An imported file's ULN is recorded as the file gave it; registration refuses it elsewhere.
        assertThat(new Uln(uln).value()).isEqualTo(uln);
        assertThat(new Uln(uln).checkDigitValid()).isFalse();
        assertThat(Uln.NOT_KNOWN.checkDigitValid()).isTrue();
    }

    @Test
    void ulnCheckDigitFollowsTheSpecification() {
        // 100000001?: S = 10*1 + 2*1 = 12, r = 1, check = 9
        assertThat(Uln.checkDigitValid(1000000019L)).isTrue();
        assertThat(Uln.checkDigitValid(1000000018L)).isFalse();
    }

    @Test
    void ukprnIsEightDigits() {
        assertThat(Ukprn.parse("10000001").value()).isEqualTo(10000001);
        assertThatThrownBy(() -> Ukprn.parse("1000001")).isInstanceOf(DomainProblem.class);
        assertThatThrownBy(() -> new Ukprn(9_999_999)).isInstanceOf(DomainProblem.class);
    }

    @Test
    void learnRefNumberIsOneToTwelveLettersDigitsOrSpaces() {
        assertThat(new LearnRefNumber("AB 12").value()).isEqualTo("AB 12");
        assertThatThrownBy(() -> new LearnRefNumber("ABCDEFGHIJKLM")).isInstanceOf(DomainProblem.class);
        assertThatThrownBy(() -> new LearnRefNumber("A-1")).isInstanceOf(DomainProblem.class);
        assertThatThrownBy(() -> new LearnRefNumber("")).isInstanceOf(DomainProblem.class);
    }

    @Test
    void learnerIdTextFormRoundTrips() {
        LearnerId id = LearnerId.of(10000001, "AB 12");
        assertThat(id.asString()).isEqualTo("10000001:AB 12");
        assertThat(LearnerId.parse(id.asString())).isEqualTo(id);
    }

    @Test
    void collectionYearsRunFromAugustToJuly() {
        CollectionYear year = CollectionYear.parse("2526");
        assertThat(year.firstDay()).isEqualTo(LocalDate.of(2025, 8, 1));
        assertThat(year.lastDay()).isEqualTo(LocalDate.of(2026, 7, 31));
        assertThat(CollectionYear.containing(LocalDate.of(2026, 7, 31))).isEqualTo(year);
        assertThat(CollectionYear.containing(LocalDate.of(2026, 8, 1)).code()).isEqualTo("2627");
        assertThatThrownBy(() -> CollectionYear.parse("2527")).isInstanceOf(DomainProblem.class);
    }

    @Test
    void providerGrantsAllowOnlyTheGrantedUkprnsOrAll() {
        Ukprn ukprn = new Ukprn(10000001);
        assertThat(ProviderGrants.allows(java.util.List.of("UKPRN_10000001"), ukprn)).isTrue();
        assertThat(ProviderGrants.allows(java.util.List.of("UKPRN_10000002"), ukprn)).isFalse();
        assertThat(ProviderGrants.allows(java.util.List.of(ProviderGrants.ALL), ukprn)).isTrue();
    }
}
