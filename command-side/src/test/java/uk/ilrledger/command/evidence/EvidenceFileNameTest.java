package uk.ilrledger.command.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The name a downloaded evidence file is given: nothing a header, a shell or a file system could misread. */
class EvidenceFileNameTest {

    @ParameterizedTest(name = "{0} downloads as {1}")
    @CsvSource(delimiter = '|', value = {
            "withdrawal-email.txt | withdrawal-email.txt",
            "../../etc/passwd | passwd",
            "C:\\Users\\sam\\form.pdf | form.pdf",
            "\"quoted\"; name=x.pdf | _quoted___name_x.pdf",
            ".hidden | hidden",
            "Lettre d’été.pdf | Lettre_d__t_.pdf",
            "../ | evidence"})
    void onlyTheLastSegmentInSafeCharactersIsKept(String stored, String downloaded) {
        assertThat(EvidenceController.safeFileName(stored)).isEqualTo(downloaded);
    }
}
