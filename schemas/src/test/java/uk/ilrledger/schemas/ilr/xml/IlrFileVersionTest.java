package uk.ilrledger.schemas.ilr.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ILR files are XML 1.0: a file declaring 1.1, which may carry control characters, is refused at line 1. */
class IlrFileVersionTest {

    private static IlrFileValidation.Result validated(String file) throws IOException {
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        return IlrFileValidation.validate(() -> new ByteArrayInputStream(bytes));
    }

    private static String file() {
        return new String(IlrFiles.written(IlrSchema.Y2526, List.of(Learners.apprentice("LRN001"))),
                StandardCharsets.UTF_8);
    }

    @Test
    void anXml10FileIsValidated() throws IOException {
        assertThat(validated(file()).valid()).isTrue();
    }

    @Test
    void anXml11FileIsRefusedWhateverItHolds() throws IOException {
        String xml11 = file().replaceFirst("version=\"1.0\"", "version=\"1.1\"")
                .replaceFirst("<FamilyName>[^<]*</FamilyName>", "<FamilyName>Ex&#x1;ample</FamilyName>");

        IlrFileValidation.Result result = validated(xml11);

        assertThat(result.valid()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.message()).isEqualTo("the file declares XML version 1.1; ILR files are XML 1.0");
        });
    }
}
