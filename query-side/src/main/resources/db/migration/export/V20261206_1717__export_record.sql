-- Every export is kept as a record of the file it made, so a file named as submitted can be found and
-- rebuilt byte for byte. A trial export uses up no SerialNo (decision 15): the exports made between
-- two submissions carry the same one, each with its own DateTime, so each file still has its own name.
ALTER TABLE ilr_export DROP CONSTRAINT ilr_export_pkey;
ALTER TABLE ilr_export DROP CONSTRAINT ilr_export_ukprn_year_date_time_key;
ALTER TABLE ilr_export ADD PRIMARY KEY (ukprn, year, date_time);
ALTER TABLE ilr_export
    -- Empty for exports made before these were kept: such a file cannot be recorded as submitted.
    ADD COLUMN file_preparation_date DATE,
    ADD COLUMN as_of                 TIMESTAMPTZ,
    -- Written once the whole file has been sent: empty for a download that broke off.
    ADD COLUMN sha256                CHAR(64);
CREATE UNIQUE INDEX ilr_export_file_name ON ilr_export (file_name);
CREATE INDEX ilr_export_sha256 ON ilr_export (ukprn, year, sha256);
