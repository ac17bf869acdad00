-- What a caseload counts of each learner, kept by the database beside their record: for each programme
-- aim (AimType 1), or each aim of a learner with none, in record order, the array
-- [LearnStartDate, LearnActEndDate, CompStatus, Outcome, AchDate]. The caseload screen reads these
-- few bytes instead of taking every learner's whole record apart on each view; generated from the
-- record, they are the same whether the record was written live or by a rebuild.
-- The function lives in public, where the live tables are: a rebuild runs this folder's migrations in a
-- scratch schema and moves the tables to public, then drops the scratch schema, which would drop a
-- function created there and, with it, the column.
CREATE OR REPLACE FUNCTION public.caseload_aims_of(record JSONB) RETURNS JSONB LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_array(aim -> 'learnStartDate', aim -> 'learnActEndDate',
                                                aim -> 'compStatus', aim -> 'outcome', aim -> 'achDate') ORDER BY i),
                    '[]'::jsonb)
    FROM jsonb_array_elements(CASE jsonb_typeof(record -> 'learningDeliveries')
                                  WHEN 'array' THEN record -> 'learningDeliveries' ELSE '[]'::jsonb END)
         WITH ORDINALITY AS d(aim, i)
    WHERE (aim ->> 'aimType') = '1'
       OR NOT jsonb_path_exists(record, '$.learningDeliveries[*] ? (@.aimType == 1)')
$$;

ALTER TABLE current_ilr_learner ADD COLUMN caseload_aims JSONB NOT NULL
    GENERATED ALWAYS AS (public.caseload_aims_of(record)) STORED;
