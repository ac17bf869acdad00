package uk.ilrledger.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import uk.ilrledger.schemas.problems.DomainProblem;

/** A reason or comment holds what an ILR file and the store can carry, up to its length. */
class FreeTextTest {

    @Test
    void lettersAccentsEmojiTabsAndLineBreaksAreKept() {
        String reason = "Zoë left on 15 Jan.\r\n\tEmail attached 📎 — see form £10";
        assertThat(FreeText.check("reason", reason, 4000)).isEqualTo(reason);
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x0000, 0x0001, 0x0007, 0x000B, 0x001F, 0xFFFE, 0xFFFF})
    void controlAndNonXmlCharactersAreRefusedNamingTheFieldAndCharacter(int c) {
        String text = "left" + Character.toString(c) + "early";
        assertThatThrownBy(() -> FreeText.check("reason", text, 4000))
                .isInstanceOfSatisfying(DomainProblem.class, problem -> {
                    assertThat(problem.field()).isEqualTo("reason");
                    assertThat(problem.getMessage()).startsWith(String.format("U+%04X at character 5", c));
                });
    }

    @Test
    void anUnpairedSurrogateIsRefused() {
        assertThat(FreeText.refusal("a\uD800b", 10)).startsWith("U+D800 at character 2");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        String emoji = "📎".repeat(4000);
        assertThat(FreeText.refusal(emoji, 4000)).isNull();
        assertThat(FreeText.refusal(emoji + "x", 4000)).isEqualTo("4001 characters; at most 4000 are allowed");
    }

    @Test
    void nullIsLeftForTheCallerToRequire() {
        assertThat(FreeText.check("comment", null, 4000)).isNull();
    }
}
