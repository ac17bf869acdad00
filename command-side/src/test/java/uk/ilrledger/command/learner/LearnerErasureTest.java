package uk.ilrledger.command.learner;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import uk.ilrledger.command.reference.ReferenceData;
import uk.ilrledger.command.reference.RuleSources;
import uk.ilrledger.schemas.learner.ErasureRequested;
import uk.ilrledger.schemas.learner.LearnerCommand.ApproveErasure;
import uk.ilrledger.schemas.learner.LearnerCommand.RequestErasure;
import uk.ilrledger.schemas.learner.LearnerErased;
import uk.ilrledger.schemas.learner.LearnerRegistered;
import uk.ilrledger.schemas.problems.DomainProblem;
import uk.ilrledger.schemas.values.LearnerId;
import uk.ilrledger.testsupport.SampleLearners;

/** An erasure is requested by one person and approved by another, once (decision 33). */
class LearnerErasureTest {

    static final LearnerId LEARNER = LearnerId.of(SampleLearners.UKPRN, "LRN001");
    static final String REASON = "the learner asked to be erased";

    AggregateTestFixture<Learner> fixture;
    LearnerRegistered registered;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Learner.class);
        fixture.registerCommandTargetResolver(new LearnerCommandTargetResolver());
        ChangeRules rules = new ChangeRules(new ReferenceData(JsonMapper.builder().build()),
                new Corrections(JsonMapper.builder().findAndAddModules().build()),
                RuleSources.ilrRules(JsonMapper.builder().build()));
        ClosedYears closedYears = new ClosedYears(JsonMapper.builder().findAndAddModules().build(),
                new StandardEnvironment());
        Clock clock = Clock.fixed(Instant.parse("2026-03-15T10:00:00Z"), ZoneOffset.UTC);
        fixture.registerInjectableResource(rules);
        fixture.registerInjectableResource(closedYears);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(new ImportedChanges(rules, closedYears, clock));
        registered = new LearnerRegistered(LEARNER, SampleLearners.apprentice("LRN001", LocalDate.of(2025, 9, 1)),
                "admin");
    }

    @Test
    void anErasureRequestedByOnePersonIsApprovedByAnother() {
        fixture.given(registered)
                .when(new RequestErasure(LEARNER, REASON, "admin"))
                .expectEvents(new ErasureRequested(LEARNER, REASON, "admin"));
        fixture.given(registered, new ErasureRequested(LEARNER, REASON, "admin"))
                .when(new ApproveErasure(LEARNER, "approver"))
                .expectEvents(new LearnerErased(LEARNER, REASON, "admin", "approver"));
    }

    @Test
    void whoeverRequestedTheErasureCannotApproveIt() {
        fixture.given(registered, new ErasureRequested(LEARNER, REASON, "admin"))
                .when(new ApproveErasure(LEARNER, "admin"))
                .expectException(DomainProblem.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("four eyes"))
                .expectNoEvents();
    }

    @Test
    void nothingIsErasedWithoutARequestAndALearnerIsErasedOnce() {
        fixture.given(registered)
                .when(new ApproveErasure(LEARNER, "approver"))
                .expectException(DomainProblem.class)
                .expectNoEvents();
        fixture.given(registered, new ErasureRequested(LEARNER, REASON, "admin"))
                .when(new RequestErasure(LEARNER, "again", "admin2"))
                .expectException(DomainProblem.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("awaits approval"));
        fixture.given(registered, new ErasureRequested(LEARNER, REASON, "admin"),
                        new LearnerErased(LEARNER, REASON, "admin", "approver"))
                .when(new RequestErasure(LEARNER, "again", "admin"))
                .expectException(DomainProblem.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already erased"));
    }
}
