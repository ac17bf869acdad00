-- Each approval or rejection looks up its change's effective date by change_id; without an index that
-- lookup reads the whole log, so projecting one change got slower with every event ever recorded.
CREATE INDEX learner_event_log_change ON learner_event_log (change_id) WHERE change_id IS NOT NULL;
