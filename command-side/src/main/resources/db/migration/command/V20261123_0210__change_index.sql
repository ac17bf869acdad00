-- Which learner's stream holds a change: lets /api/changes/{changeId} address the right aggregate.
-- Written in the same transaction as the ChangeRaised event, so it is never behind the event store.
CREATE TABLE change_index (
    change_id   UUID PRIMARY KEY,
    learner_id  TEXT NOT NULL
);
