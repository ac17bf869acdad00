-- The history's last folded record of each learner is compressed with lz4 where the server has it, as
-- the current record is (V20261207_2330): it is rewritten as often. Rows already stored keep their
-- compression; a server without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE learner_history_state ALTER COLUMN record SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'this server has no lz4: history states stay compressed with pglz';
END $$;
