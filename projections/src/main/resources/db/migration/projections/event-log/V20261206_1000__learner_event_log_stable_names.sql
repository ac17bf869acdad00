-- Events are now named by their stable domain names (LearnerWithdrawn), not Java class names; rows
-- logged before keep their meaning under the new names.
UPDATE learner_event_log
SET event_type = regexp_replace(event_type, '^.*\.', '')
WHERE event_type LIKE 'uk.ilrledger.schemas.%';
