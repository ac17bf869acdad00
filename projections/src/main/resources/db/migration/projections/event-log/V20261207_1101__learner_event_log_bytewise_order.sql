-- A provider's events in LearnRefNumber order as String.compareTo has it (COLLATE "C"), then store
-- order: how a return built whole and an export read them. With this index the read walks it in order
-- instead of sorting every event of the provider (on disk at 20,000 learners) before the first row.
CREATE INDEX learner_event_log_learner_bytewise
    ON learner_event_log (ukprn, learn_ref_number COLLATE "C", global_index);
