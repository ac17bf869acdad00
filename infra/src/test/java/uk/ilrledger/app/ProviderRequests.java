package uk.ilrledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.ilrledger.testsupport.SampleLearners;

/**
 * The requests tests of access and audit make at a given UKPRN: a learner registered under a fresh
 * reference, evidence uploaded, a withdrawal raised citing it.
 */
public final class ProviderRequests {

    public static final LocalDate START = LocalDate.of(2025, 9, 1);

    private final Api api;

    public ProviderRequests(Api api) {
        this.api = api;
    }

    /** A reference no other test uses: {@code prefix} and eight hexadecimal digits. */
    public static String ref(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    public static String provider(int ukprn) {
        return "/api/providers/" + ukprn;
    }

    public static String learner(int ukprn, String ref) {
        return provider(ukprn) + "/learners/" + ref;
    }

    /** An apprentice registered by admin under a fresh {@code prefix} reference, which it answers. */
    public String register(int ukprn, String prefix) {
        String ref = ref(prefix);
        Api.Answer registered = api.post("admin", provider(ukprn) + "/learners", SampleLearners.apprentice(ref, START));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        return ref;
    }

    /** The evidence id of a file {@code user} uploaded. */
    public String uploaded(String user, String fileName, byte[] content) {
        Api.Answer uploaded = api.upload(user, fileName, content);
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        return uploaded.text("/evidenceId");
    }

    /** A text that no other upload holds, so the store keeps it as a file of its own. */
    public static byte[] text(String text) {
        return (text + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code user} raising the learner's withdrawal from 27 February 2026, citing {@code evidenceId}. */
    public Api.Answer raiseWithdrawal(String user, int ukprn, String ref, String evidenceId) {
        return api.post(user, learner(ukprn, ref) + "/changes", Map.of(
                "type", "WITHDRAWAL",
                "effectiveDate", "2026-02-27",
                "values", Map.of("learnActEndDate", "2026-02-27", "withdrawReason", 97),
                "reason", "Learner emailed to say they have left",
                "evidence", List.of(evidenceId)));
    }
}
