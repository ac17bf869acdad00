package uk.ilrledger.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An event's recorded time, as the history and the audit show it, read the same as Axon reads it. */
class StoredTimestampsTest {

    @Test
    void everyTimestampAxonWritesIsReadAsAxonReadsIt() {
        SplittableRandom random = new SplittableRandom(20261208);
        long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            String stored = DateTimeUtils.formatInstant(at);
            assertThat(StoredTimestamps.parse(stored)).as(stored).isEqualTo(DateTimeUtils.parseInstant(stored));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-12-08T00:39:01Z",              // no fraction
        "2026-12-08T00:39:01.123456789Z",    // nanoseconds
        "2026-12-08T01:39:01.123+01:00",     // another offset
        "2026-12-08t00:39:01.123z"})         // lower case, as Axon's parser allows
    void otherShapesAreReadByAxonsParser(String stored) {
        assertThat(StoredTimestamps.parse(stored)).isEqualTo(DateTimeUtils.parseInstant(stored));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:00:00.000Z", "2026-13-01T10:00:00.000Z", "2026-12-08T24:00:00.000Z",
        "2026-12-31T23:59:60.000Z", "2026-12-08T10:00:0x.000Z", "not a time at all", ""})
    void whatIsNoTimeIsRefusedAsAxonRefusesIt(String stored) {
        assertThatThrownBy(() -> DateTimeUtils.parseInstant(stored)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> StoredTimestamps.parse(stored)).isInstanceOf(DateTimeParseException.class);
    }
}
