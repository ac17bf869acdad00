package uk.ilrledger.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What PostgreSQL refuses in text and jsonb (U+0000) becomes U+FFFD; every other character is kept. */
class StorableTextTest {

    final ObjectMapper mapper = new ObjectMapper();
    final Json json = new Json(mapper);

    @Test
    void aNulInATextValueBecomesTheReplacementCharacter() {
        assertThat(StorableText.of("left\u0000early")).isEqualTo("left\uFFFDearly");
        assertThat(StorableText.of("unchanged")).isEqualTo("unchanged");
        assertThat(StorableText.of(null)).isNull();
    }

    @Test
    void aNulInAJsonStringBecomesTheReplacementCharacterAndAnEscapedBackslashBeforeTextIsKept() throws Exception {
        Map<String, String> value = Map.of(
                "reason", "a\u0000\u0000b",
                "path", "C:\\u0000dir",
                "both", "\\\u0000");

        Map<?, ?> stored = mapper.readValue(json.write(value), Map.class);

        assertThat(stored.get("reason")).isEqualTo("a\uFFFD\uFFFDb");
        assertThat(stored.get("path")).as("the text backslash-u-0000 is not a NUL").isEqualTo("C:\\u0000dir");
        assertThat(stored.get("both")).isEqualTo("\\\uFFFD");
    }
}
