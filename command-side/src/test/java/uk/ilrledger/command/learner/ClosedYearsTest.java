package uk.ilrledger.command.learner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import uk.ilrledger.schemas.values.CollectionYear;

/** Which year has closed, by R14's hard close in the returns calendar or its override. */
class ClosedYearsTest {

    private static ClosedYears closedYears(Map<String, Object> overrides) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
        return new ClosedYears(JsonMapper.builder().findAndAddModules().build(), environment);
    }

    @Test
    void aYearClosesAtItsR14CutOffInUkTime() {
        ClosedYears years = closedYears(Map.of());

        // 2025-26's R14 closes at 18:00 on 15 October 2026, British Summer Time (17:00 UTC).
        assertThat(years.latestClosed(Instant.parse("2026-10-15T16:59:59Z"))).isEqualTo(CollectionYear.parse("2425"));
        assertThat(years.latestClosed(Instant.parse("2026-10-15T17:00:01Z"))).isEqualTo(CollectionYear.parse("2526"));
        assertThat(years.latestClosed(Instant.parse("2027-08-02T09:00:00Z"))).as("a new year opens nothing")
                .isEqualTo(CollectionYear.parse("2526"));
    }

    @Test
    void theConfiguredCutOffWinsOverThePublishedOne() {
        ClosedYears years = closedYears(Map.of("ilr-ledger.returns.2526.r14-cut-off", "2026-11-02T18:00"));

        assertThat(years.latestClosed(Instant.parse("2026-10-20T09:00:00Z"))).isEqualTo(CollectionYear.parse("2425"));
        assertThat(years.latestClosed(Instant.parse("2026-11-02T18:00:01Z"))).isEqualTo(CollectionYear.parse("2526"));
    }
}
