package uk.ilrledger.app.security;

/** The roles of api.md. */
public enum Role {
    /** Raises changes and uploads evidence. */
    RAISER,
    /** Approves or rejects changes raised by someone else. */
    APPROVER,
    /** Reads everything, including history; writes nothing. */
    AUDITOR,
    /** Reads returns and exports. */
    EXPORTER,
    /** Registers learners, imports files, runs replays. */
    ADMIN
}
