-- The learner search finds a LearnRefNumber or a family name by its first letters: both read from an
-- index, not from every learner of every provider.
CREATE INDEX current_ilr_learner_ref_prefix ON current_ilr_learner (learn_ref_number text_pattern_ops);
CREATE INDEX current_ilr_learner_family_name_prefix
    ON current_ilr_learner (lower(record ->> 'familyName') text_pattern_ops);
