-- Links are now HMAC-SHA256 with a key kept outside the database (decision 13). Each link records
-- how it was made and with which key; links stored before this migration are plain SHA-256 and
-- stay checkable as such. The default only labels those old rows: new rows must say their scheme.
ALTER TABLE learner_event_chain ADD COLUMN scheme VARCHAR(16) NOT NULL DEFAULT 'sha256';
ALTER TABLE learner_event_chain ALTER COLUMN scheme DROP DEFAULT;
ALTER TABLE learner_event_chain ADD COLUMN key_id VARCHAR(64);
