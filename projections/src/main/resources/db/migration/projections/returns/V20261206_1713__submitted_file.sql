-- A submission is an exported file: its name and header, so it is rebuilt byte for byte, and its
-- SerialNo, which is used up once a file carrying it is submitted. Empty for submissions recorded
-- before files were named.
ALTER TABLE return_submission
    ADD COLUMN file_name             TEXT,
    ADD COLUMN serial_no             SMALLINT,
    ADD COLUMN date_time             TIMESTAMP,
    ADD COLUMN file_preparation_date DATE;
