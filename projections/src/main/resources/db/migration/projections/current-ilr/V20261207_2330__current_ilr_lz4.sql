-- A learner's current record (about 1.8 KB of JSON, a third of them over PostgreSQL's 2 KB compression
-- threshold) is compressed with lz4 where the server was built with it, rather than with pglz: every
-- approved change rewrites it, and a rebuild writes it again each time it forgets a learner. Rows
-- already stored keep their compression; a server without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE current_ilr_learner ALTER COLUMN record SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'this server has no lz4: current records stay compressed with pglz';
END $$;
