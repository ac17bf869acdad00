-- Which changes cite which evidence file, for whom the file may be downloaded: the approvers and
-- auditors of the change's provider and the person who raised it. Written in the same transaction
-- as the ChangeRaised event, so a file is readable as soon as the change that cites it is raised.
CREATE TABLE evidence_citation (
    evidence_id  CHAR(64) NOT NULL,
    change_id    UUID     NOT NULL,
    ukprn        INTEGER  NOT NULL,
    raised_by    TEXT     NOT NULL,
    PRIMARY KEY (evidence_id, change_id)
);

-- The changes raised before this table existed, read from their stored events (JSON payloads).
INSERT INTO evidence_citation (evidence_id, change_id, ukprn, raised_by)
SELECT DISTINCT cited.evidence_id, (raised.payload ->> 'changeId')::uuid,
       (raised.payload -> 'learner' ->> 'ukprn')::integer, raised.payload ->> 'raisedBy'
FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS payload
      FROM domain_event_entry
      WHERE payload_type IN ('ChangeRaised', 'uk.ilrledger.schemas.learner.ChangeRaised')) raised
CROSS JOIN LATERAL jsonb_array_elements_text(raised.payload -> 'evidence') AS cited(evidence_id)
ON CONFLICT DO NOTHING;
