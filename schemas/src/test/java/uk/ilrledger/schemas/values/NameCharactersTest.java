package uk.ilrledger.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.ilrledger.schemas.problems.DomainProblem;

/** A name typed into the ledger is Latin letters and the ILR's punctuation; a file's name is not a path. */
class NameCharactersTest {

    @ParameterizedTest
    @ValueSource(strings = {"O'Brien", "Zoë O'Brien-Smith", "Núñez; Ørsted", "Siân O\u2019Neill", "Jose\u0301", "Łukasz",
            "Smith & Sons (Jr.)"})
    void namesAsPeopleWriteThemInEnglandAreAllowed(String name) {
        assertThat(NameCharacters.refusal(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Smith\u202Egnp.exe", "Sam \uD83D\uDE00", "\u5c71\u7530", "Smith\u0007", "Smith2",
            "\u0418\u0432\u0430\u043d", "Smith\u200B", "Smith\"", "A|B"})
    void charactersOutsideTheSetAreRefusedByCode(String name) {
        assertThat(NameCharacters.refusal(name)).contains("U+").contains("is not allowed in a name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "..\\..\\win.ini", "..", "ILR.xml\r\nX: y", "ILR\t.xml"})
    void aFileNameThatIsAPathOrHoldsControlCharactersIsRefused(String name) {
        assertThatThrownBy(() -> FreeText.fileName("fileName", name, 200))
                .isInstanceOfSatisfying(DomainProblem.class, problem -> assertThat(problem.field()).isEqualTo("fileName"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ILR-10000001-2526-20260302-093000-01.xml", "Zoë's form (signed).pdf", ".hidden"})
    void aFileNameIsKept(String name) {
        assertThat(FreeText.fileName("fileName", name, 200)).isEqualTo(name);
    }
}
