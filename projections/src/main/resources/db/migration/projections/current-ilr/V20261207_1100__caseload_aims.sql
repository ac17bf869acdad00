-- The aims a caseload counts, kept by the database beside each learner's record: the programme aims
-- (AimType 1), or every aim of a learner with none. The caseload screen reads these small arrays
-- instead of taking every learner's whole record apart on each view; being generated from the record,
-- they are the same whether the record was written live or by a rebuild.
ALTER TABLE current_ilr_learner ADD COLUMN caseload_aims JSONB GENERATED ALWAYS AS (
    CASE WHEN jsonb_path_exists(record, '$.learningDeliveries[*] ? (@.aimType == 1)')
         THEN jsonb_path_query_array(record, '$.learningDeliveries[*] ? (@.aimType == 1)')
         ELSE coalesce(record -> 'learningDeliveries', '[]'::jsonb)
    END) STORED;
